package org.nubis.api.cloud;

/**
 * A configured cloud as listed to users.
 *
 * @param available true when its provider type is deployed
 * @param status    why it is not available, or "ready"
 */
public record CloudInfo(String name, String type, boolean available, String status) {
}
