package org.nubis.api.cloud;

/**
 * One type of cloud (local, ec2, openstack...). Provider bundles publish it as an OSGi service;
 * Nubis finds providers at run time, so a provider that is deployed appears everywhere at once.
 */
public interface CloudProvider {

    /** The type name that cloud configurations refer to, e.g. {@code local}. */
    String type();

    /** One line for listings. */
    String description();

    /**
     * Opens a connection for one configured cloud. Settings are checked here: a missing or bad
     * setting throws {@link org.nubis.api.InvalidRequestException} naming it.
     */
    CloudConnection connect(CloudSettings settings);
}
