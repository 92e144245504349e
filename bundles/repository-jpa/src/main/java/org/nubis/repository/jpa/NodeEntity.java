package org.nubis.repository.jpa;

import java.time.Instant;
import java.util.Objects;
import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Node;
import org.nubis.api.cluster.SetupState;

/** One row per node of a cluster. States are stored as their labels, never as Java names. */
@Entity
@Table(name = "NUBIS_NODE", indexes = @Index(name = "NUBIS_NODE_CLUSTER", columnList = "CLUSTER"))
public class NodeEntity {

    @Id
    @Column(name = "ID", length = 200)
    private String id;

    @Column(name = "CLUSTER", length = 64, nullable = false)
    private String cluster;

    @Column(name = "KIND", length = 64, nullable = false)
    private String kind;

    @Column(name = "CLOUD", length = 64)
    private String cloud;

    @Column(name = "CLOUD_ID", length = 255)
    private String cloudId;

    @Column(name = "STATE", length = 32)
    private String state;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "STATE_REASON")
    private String stateReason;

    @Column(name = "PUBLIC_HOST", length = 255)
    private String publicHost;

    @Column(name = "PRIVATE_HOST", length = 255)
    private String privateHost;

    @Column(name = "SSH_PORT", nullable = false)
    private int sshPort;

    @Column(name = "SSH_USER", length = 64)
    private String sshUser;

    @Column(name = "IMAGE", length = 255)
    private String image;

    @Column(name = "FLAVOR", length = 255)
    private String flavor;

    @Column(name = "LAUNCH", length = 255)
    private String launch;

    @Column(name = "CREATED_AT_MS", nullable = false)
    private long createdAtMillis;

    @Column(name = "READY_AT_MS")
    private Long readyAtMillis;

    @Column(name = "SETUP", length = 32)
    private String setup;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "SETUP_MESSAGE")
    private String setupMessage;

    protected NodeEntity() {
    }

    static NodeEntity from(Node n) {
        NodeEntity e = new NodeEntity();
        e.id = n.id();
        e.copy(n);
        return e;
    }

    void copy(Node n) {
        cluster = Objects.requireNonNull(n.cluster(), "node cluster");
        kind = Objects.requireNonNull(n.kind(), "node kind");
        cloud = n.cloud();
        cloudId = n.cloudId();
        state = n.state() == null ? null : n.state().label();
        stateReason = n.stateReason();
        publicHost = n.publicHost();
        privateHost = n.privateHost();
        sshPort = n.sshPort();
        sshUser = n.sshUser();
        image = n.image();
        flavor = n.flavor();
        launch = n.launch();
        createdAtMillis = Objects.requireNonNull(n.createdAt(), "node creation time").toEpochMilli();
        readyAtMillis = ClusterEntity.millis(n.readyAt());
        setup = n.setup() == null ? null : n.setup().label();
        setupMessage = n.setupMessage();
    }

    Node toNode() {
        return new Node(id, cluster, kind, cloud, cloudId, state == null ? null : InstanceState.parse(state), stateReason,
                publicHost, privateHost, sshPort, sshUser, image, flavor, launch, Instant.ofEpochMilli(createdAtMillis),
                ClusterEntity.instant(readyAtMillis), setup == null ? null : SetupState.parse(setup), setupMessage);
    }
}
