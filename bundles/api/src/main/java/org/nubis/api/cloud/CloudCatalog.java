package org.nubis.api.cloud;

import java.util.List;

/**
 * What a cloud offers, so that requests can be checked before anything is created.
 *
 * @param maxLaunchCount the most instances one request may ask for
 */
public record CloudCatalog(List<String> images, List<String> flavors, String defaultImage,
                           String defaultFlavor, int maxLaunchCount) {
    public CloudCatalog {
        images = List.copyOf(images);
        flavors = List.copyOf(flavors);
    }
}
