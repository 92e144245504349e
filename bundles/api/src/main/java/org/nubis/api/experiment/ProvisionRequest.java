package org.nubis.api.experiment;

import java.util.Set;

/**
 * Ask for {@code count} instances. Null cloud, image or flavor mean the defaults.
 *
 * @param tags     extra tags for the new instances (the default tags are always added)
 * @param userData a script each instance runs once at boot when it starts with {@code #!}
 *                 (cloud-init style), or null
 */
public record ProvisionRequest(String cloud, String image, String flavor, int count, Set<String> tags, String userData) {
    public ProvisionRequest {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    public ProvisionRequest(String cloud, String image, String flavor, int count, Set<String> tags) {
        this(cloud, image, flavor, count, tags, null);
    }
}
