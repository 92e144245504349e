package org.nubis.localcloud.engine;

import java.util.List;
import java.util.Map;

/**
 * What a launch asks for. Null image or flavor means the default; userData may be null.
 * Public keys are OpenSSH lines ("ssh-ed25519 AAAA... comment").
 */
public record LaunchRequest(
        int count, String image, String flavor, Map<String, String> tags, List<String> publicKeys, String userData) {

    public LaunchRequest {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
    }
}
