package org.nubis.repository.jpa;

import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;
import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;

/**
 * One row per tracked machine, experiment instance or cluster node. A machine is known by its
 * group (an experiment or a cluster) and its id, since the two name their machines independently.
 * States, tags and times are stored as plain text and numbers, never as Java names.
 */
@Entity
@Table(name = "NUBIS_MACHINE", indexes = @Index(name = "NUBIS_MACHINE_GROUP", columnList = "GROUP_TYPE, GROUP_NAME"))
@IdClass(MachineEntity.Key.class)
public class MachineEntity {

    static final String EXPERIMENT = "experiment";
    static final String CLUSTER = "cluster";

    @Id
    @Column(name = "GROUP_TYPE", length = 16)
    private String groupType;

    @Id
    @Column(name = "ID", length = 200)
    private String id;

    @Column(name = "GROUP_NAME", length = 64, nullable = false)
    private String groupName;

    @Column(name = "KIND", length = 64)
    private String kind;

    @Column(name = "CLOUD", length = 64)
    private String cloud;

    @Column(name = "CLOUD_ID", length = 255)
    private String cloudId;

    @Column(name = "STATE", length = 32, nullable = false)
    private String state;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "STATE_REASON")
    private String stateReason;

    /** Space-separated; tags never contain white space. */
    @Column(name = "TAGS", length = 4000, nullable = false)
    private String tags;

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

    protected MachineEntity() {
    }

    static MachineEntity from(Machine m) {
        MachineEntity e = new MachineEntity();
        e.groupType = groupTypeOf(m);
        e.id = m.id();
        e.copy(m);
        return e;
    }

    static String groupTypeOf(Machine m) {
        return m.experiment() != null ? EXPERIMENT : CLUSTER;
    }

    static Key keyOf(Machine m) {
        return new Key(groupTypeOf(m), m.id());
    }

    void copy(Machine m) {
        groupName = m.experiment() != null ? m.experiment() : m.cluster();
        kind = m.kind();
        cloud = m.cloud();
        cloudId = m.cloudId();
        state = Objects.requireNonNull(m.state(), "machine state").label();
        stateReason = m.stateReason();
        tags = String.join(" ", m.tags());
        publicHost = m.publicHost();
        privateHost = m.privateHost();
        sshPort = m.sshPort();
        sshUser = m.sshUser();
        image = m.image();
        flavor = m.flavor();
        launch = m.launch();
        createdAtMillis = Objects.requireNonNull(m.createdAt(), "machine creation time").toEpochMilli();
        readyAtMillis = m.readyAt() == null ? null : m.readyAt().toEpochMilli();
        setup = m.setup() == null ? null : m.setup().label();
        setupMessage = m.setupMessage();
    }

    Machine toMachine() {
        boolean experiment = EXPERIMENT.equals(groupType);
        TreeSet<String> tagSet = new TreeSet<>();
        if (!tags.isBlank()) {
            tagSet.addAll(Arrays.asList(tags.split(" ")));
        }
        return new Machine(id, experiment ? groupName : null, experiment ? null : groupName, kind, cloud, cloudId,
                InstanceState.parse(state), stateReason, tagSet, publicHost, privateHost, sshPort, sshUser, image, flavor,
                launch, Instant.ofEpochMilli(createdAtMillis), readyAtMillis == null ? null : Instant.ofEpochMilli(readyAtMillis),
                setup == null ? null : SetupState.parse(setup), setupMessage);
    }

    /** The primary key: (group type, id). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String groupType;
        private String id;

        public Key() {
        }

        Key(String groupType, String id) {
            this.groupType = groupType;
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(groupType, k.groupType) && Objects.equals(id, k.id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupType, id);
        }
    }
}
