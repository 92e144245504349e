package org.nubis.api.experiment;

import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.nubis.api.cloud.InstanceState;

/**
 * An instance of an experiment, as Nubis knows it.
 *
 * @param id      Nubis's id, {@code EXPERIMENT-N}; unique and never reused
 * @param cloudId the cloud's id
 * @param tags    user tags plus the default ones: the id, the experiment and the cloud
 */
public record Instance(String id, String experiment, String cloud, String cloudId,
                       InstanceState state, String stateReason, SortedSet<String> tags,
                       String publicHost, String privateHost, int sshPort, String sshUser,
                       String image, String flavor, Instant createdAt) {

    public Instance {
        tags = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tags));
    }

    public boolean hasAll(Set<String> wanted) {
        return tags.containsAll(wanted);
    }

    public Instance withCloudState(InstanceState newState, String reason, String newPublicHost,
                                   String newPrivateHost, int newSshPort) {
        return new Instance(id, experiment, cloud, cloudId, newState, reason, tags, newPublicHost,
                newPrivateHost, newSshPort, sshUser, image, flavor, createdAt);
    }
}
