package org.nubis.api.cloud;

/** A cloud provider type present at run time, and the bundle that provides it. */
public record ProviderInfo(String type, String description, String bundle) {
}
