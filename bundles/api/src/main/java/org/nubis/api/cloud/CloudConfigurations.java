package org.nubis.api.cloud;

import java.util.List;
import java.util.Map;

/**
 * Defines, changes and removes clouds at run time (each one a configuration that survives
 * restarts). Credentials are encrypted at rest and never returned.
 */
public interface CloudConfigurations {

    List<CloudDetails> clouds();

    /** @throws org.nubis.api.NotFoundException when no such cloud is configured */
    CloudDetails cloud(String name);

    /**
     * Creates or replaces a cloud's settings. Credentials not named are kept; a null value removes one.
     *
     * @return true when the cloud is new
     * @throws org.nubis.api.InvalidRequestException for a bad name, type or key
     */
    boolean define(String name, String type, Map<String, String> settings, Map<String, String> credentials);

    /**
     * Removes a cloud, first deleting the unused key pairs and security groups Nubis made on it
     * (what cannot be deleted is named in the log).
     *
     * @throws org.nubis.api.ConflictException when experiments or clusters still have instances on it
     * @throws org.nubis.api.NotFoundException when no such cloud is configured
     */
    void remove(String name);
}
