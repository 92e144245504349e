package org.nubis.api.machine;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.SetupState;

/**
 * A machine Nubis tracks on a cloud: an instance of an experiment or a node of a cluster. Both are
 * the same record, kept by one repository and brought up to date by one state sync, so whatever
 * builds on machines (readiness, fan-outs, setup, reconcile) works on either.
 *
 * @param id           Nubis's id, never reused: {@code EXPERIMENT-N} or {@code CLUSTER-KIND-N}
 * @param experiment   the experiment it belongs to, or null for a cluster node
 * @param cluster      the cluster it belongs to, or null for an experiment instance
 * @param kind         the cluster's node kind, or null for an experiment instance
 * @param cloudId      the cloud's id, or null while the cloud has not been asked yet (write-ahead)
 * @param state        what its cloud last said; {@code pending} until then
 * @param tags         the tags that select it: the user's, plus its id, its experiment or cluster
 *                     (and kind) and its cloud
 * @param launch       the launch request it was created by (the {@code nubis:launch} tag), or null
 * @param readyAt      when it first answered SSH, or null
 * @param setup        what the cluster's setup did on it, or null for an experiment instance
 * @param setupMessage what the setup said about it (the failure), or null
 */
public record Machine(String id, String experiment, String cluster, String kind, String cloud, String cloudId,
                      InstanceState state, String stateReason, SortedSet<String> tags, String publicHost,
                      String privateHost, int sshPort, String sshUser, String image, String flavor, String launch,
                      Instant createdAt, Instant readyAt, SetupState setup, String setupMessage) {

    public Machine {
        if ((experiment == null) == (cluster == null)) {
            throw new IllegalArgumentException("machine " + id + " must belong to one experiment or one cluster");
        }
        tags = Collections.unmodifiableSortedSet(tags == null ? new TreeSet<>() : new TreeSet<>(tags));
    }

    /** A new experiment instance, recorded before its cloud is asked for it. */
    public static Machine plannedInstance(String id, String experiment, String cloud, Set<String> userTags, String image,
                                          String flavor, String launch, Instant createdAt) {
        TreeSet<String> tags = new TreeSet<>(userTags);
        tags.addAll(List.of(id, experiment, cloud));
        return new Machine(id, experiment, null, null, cloud, null, InstanceState.PENDING, "requested", tags, null, null,
                0, null, image, flavor, launch, createdAt, null, null, null);
    }

    /** A new cluster node, recorded before its cloud is asked for it. */
    public static Machine plannedNode(String id, String cluster, String kind, String cloud, String sshUser, String image,
                                      String flavor, String launch, Instant createdAt) {
        return new Machine(id, null, cluster, kind, cloud, null, InstanceState.PENDING, "requested",
                new TreeSet<>(List.of(id, cluster, kind, cloud)), null, null, 0, sshUser, image, flavor, launch, createdAt,
                null, SetupState.NOT_RUN, null);
    }

    /** The experiment or the cluster it belongs to, for messages: {@code experiment demo}, {@code cluster hpc}. */
    public String group() {
        return experiment != null ? "experiment " + experiment : "cluster " + cluster;
    }

    public boolean hasAll(Set<String> wanted) {
        return tags.containsAll(wanted);
    }

    /** Running with an address and a port: SSH can try it. */
    public boolean reachable() {
        return state == InstanceState.RUNNING && publicHost != null && sshPort > 0;
    }

    /** Terminated or stopped: waiting longer will not make it ready. */
    public boolean hopeless() {
        return state == InstanceState.TERMINATED || state == InstanceState.STOPPED || state == InstanceState.STOPPING;
    }

    /**
     * Paired with, or brought up to date with, what its cloud reports. A login user set on the
     * record (by a template, say) wins over the image's.
     */
    public Machine withCloud(CloudInstance c) {
        return new Machine(id, experiment, cluster, kind, cloud, c.cloudId(), c.state(), c.stateReason(), tags,
                c.publicHost(), c.privateHost(), c.sshPort(), sshUser != null ? sshUser : c.sshUser(), image, flavor,
                launch, createdAt, readyAt, setup, setupMessage);
    }

    public Machine withState(InstanceState newState, String reason) {
        return new Machine(id, experiment, cluster, kind, cloud, cloudId, newState, reason, tags, publicHost, privateHost,
                sshPort, sshUser, image, flavor, launch, createdAt, readyAt, setup, setupMessage);
    }

    /** Marks when it first answered SSH; a later call keeps the first time. */
    public Machine ready(Instant at) {
        return new Machine(id, experiment, cluster, kind, cloud, cloudId, state, stateReason, tags, publicHost,
                privateHost, sshPort, sshUser, image, flavor, launch, createdAt, readyAt == null ? at : readyAt, setup,
                setupMessage);
    }

    public Machine withSetup(SetupState newSetup, String message) {
        return new Machine(id, experiment, cluster, kind, cloud, cloudId, state, stateReason, tags, publicHost,
                privateHost, sshPort, sshUser, image, flavor, launch, createdAt, readyAt, newSetup, message);
    }
}
