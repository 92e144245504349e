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

    /**
     * Checks a cloud's settings as {@link #connect} does, without connecting or creating anything,
     * so that a cloud is refused when it is defined rather than when it is first used.
     *
     * @throws org.nubis.api.InvalidRequestException naming a setting that is missing, malformed,
     *         unknown to the provider, or names something the provider does not know (a region, say)
     */
    void check(CloudSettings settings);
}
