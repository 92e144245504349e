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

    /** The cloud used when a request names none. */
    String defaultCloud();
}
