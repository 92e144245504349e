package org.nubis.api.experiment;

import java.util.Set;

/**
 * Ask for {@code count} instances. Null cloud, image or flavor mean the defaults.
 *
 * @param tags extra tags for the new instances (the default tags are always added)
 */
public record ProvisionRequest(String cloud, String image, String flavor, int count, Set<String> tags) {
    public ProvisionRequest {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }
}
