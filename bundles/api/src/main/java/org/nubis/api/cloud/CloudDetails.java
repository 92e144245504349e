package org.nubis.api.cloud;

import java.util.Map;
import java.util.SortedSet;

/**
 * A configured cloud with its settings as users may see them.
 *
 * @param settings    the plain settings (the cloud's name and type left out)
 * @param credentials names of the credentials that are set; their values are never shown
 */
public record CloudDetails(String name, String type, boolean available, String status, Map<String, String> settings,
                           SortedSet<String> credentials) {
}
