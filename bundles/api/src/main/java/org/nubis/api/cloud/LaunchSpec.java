package org.nubis.api.cloud;

import java.util.List;
import java.util.Map;

/**
 * What to launch: {@code count} identical instances.
 *
 * @param tags       cloud-side tags put on every instance at creation
 * @param publicKeys OpenSSH public key lines the instances must accept
 * @param userData   script run once at boot when it starts with {@code #!}, or null
 */
public record LaunchSpec(String image, String flavor, int count, Map<String, String> tags,
                         List<String> publicKeys, String userData) {
    public LaunchSpec {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
    }
}
