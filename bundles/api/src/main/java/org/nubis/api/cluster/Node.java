package org.nubis.api.cluster;

import java.time.Instant;
import org.nubis.api.cloud.InstanceState;

/**
 * One node of a cluster: a cloud instance with a kind.
 *
 * @param id           {@code CLUSTER-KIND-N}; never reused within a cluster
 * @param cloudId      the cloud's id, or null while the cloud has not been asked yet (write-ahead)
 * @param launch       the launch request it was created by (the {@code nubis:launch} tag)
 * @param readyAt      when it first answered SSH, or null
 * @param setupMessage what the setup said about this node (the failure), or null
 */
public record Node(String id, String cluster, String kind, String cloud, String cloudId, InstanceState state,
                   String stateReason, String publicHost, String privateHost, int sshPort, String sshUser,
                   String image, String flavor, String launch, Instant createdAt, Instant readyAt,
                   SetupState setup, String setupMessage) {

    public Node withCloud(String newCloudId, InstanceState newState, String reason, String newPublicHost,
                          String newPrivateHost, int newSshPort, String newSshUser) {
        return new Node(id, cluster, kind, cloud, newCloudId, newState, reason, newPublicHost, newPrivateHost,
                newSshPort, newSshUser, image, flavor, launch, createdAt, readyAt, setup, setupMessage);
    }

    public Node withState(InstanceState newState, String reason) {
        return new Node(id, cluster, kind, cloud, cloudId, newState, reason, publicHost, privateHost, sshPort, sshUser,
                image, flavor, launch, createdAt, readyAt, setup, setupMessage);
    }

    public Node ready(Instant at) {
        return new Node(id, cluster, kind, cloud, cloudId, state, stateReason, publicHost, privateHost, sshPort, sshUser,
                image, flavor, launch, createdAt, readyAt == null ? at : readyAt, setup, setupMessage);
    }

    public Node withSetup(SetupState newSetup, String message) {
        return new Node(id, cluster, kind, cloud, cloudId, state, stateReason, publicHost, privateHost, sshPort, sshUser,
                image, flavor, launch, createdAt, readyAt, newSetup, message);
    }
}
