package org.nubis.localcloud.engine;

import java.util.List;
import java.util.Map;

/**
 * What a launch asks for. Null image or flavor means the default; userData may be null.
 * Public keys are OpenSSH lines ("ssh-ed25519 AAAA... comment").
 * {@code attributes} is empty or holds one map per instance (index i for the i-th instance): what an API
 * face keeps about each instance (see {@link InstanceRecord#attributes}), saved with the instance itself.
 */
public record LaunchRequest(
        int count, String image, String flavor, Map<String, String> tags, List<String> publicKeys, String userData,
        List<Map<String, String>> attributes) {

    public LaunchRequest {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
        attributes = attributes == null ? List.of() : attributes.stream().map(Map::copyOf).toList();
        if (!attributes.isEmpty() && attributes.size() != count) {
            throw new IllegalArgumentException("attributes must be empty or hold one map per instance");
        }
    }

    public LaunchRequest(int count, String image, String flavor, Map<String, String> tags, List<String> publicKeys,
            String userData) {
        this(count, image, flavor, tags, publicKeys, userData, List.of());
    }
}
