package org.nubis.api.cloud;

import java.util.List;

/** The configured clouds and the provider types deployed right now. */
public interface CloudRegistry {

    List<ProviderInfo> providers();

    List<CloudInfo> clouds();

    /**
     * A connection to the named cloud.
     *
     * @throws org.nubis.api.NotFoundException when no such cloud is configured, or its provider
     *                                         type is not deployed
     */
    CloudConnection connection(String cloudName);

    /**
     * Checks the settings of a cloud to be defined with the provider of its type, when that type
     * is deployed (a cloud of a type that is not deployed cannot be checked, and is not usable
     * until it is).
     *
     * @throws org.nubis.api.InvalidRequestException as {@link CloudProvider#check} does
     */
    void check(CloudSettings settings);

    /** The cloud used when a request names none. */
    String defaultCloud();
}
