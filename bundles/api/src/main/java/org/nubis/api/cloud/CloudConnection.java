package org.nubis.api.cloud;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A live handle on one configured cloud. Thread-safe. Every method throws
 * {@link org.nubis.api.CloudException} (or a subclass) when the cloud fails.
 */
public interface CloudConnection {

    CloudCatalog catalog();

    /**
     * Asks the cloud for instances and returns as soon as it has accepted them (usually still
     * pending). A cloud that accepted only part of the request throws
     * {@link PartialLaunchException} carrying the instances it did create.
     */
    List<CloudInstance> launch(LaunchSpec spec);

    /** Instances carrying all the given tags (an empty filter means all), terminated ones too. */
    List<CloudInstance> describe(Map<String, String> tagFilter);

    /** The instances with these cloud ids; unknown ids are left out. */
    List<CloudInstance> describeIds(Collection<String> cloudIds);

    /** Adds or overwrites tags on one instance. */
    void tag(String cloudId, Map<String, String> tags);

    /** Terminates the instances; ids already gone are ignored. */
    void terminate(Collection<String> cloudIds);

    void stop(Collection<String> cloudIds);

    void start(Collection<String> cloudIds);

    /** What the instance printed while booting (user data output), or an empty string. */
    String consoleOutput(String cloudId);
}
