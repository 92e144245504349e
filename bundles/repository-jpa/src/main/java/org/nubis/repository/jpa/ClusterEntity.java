package org.nubis.repository.jpa;

import java.time.Instant;
import java.util.Objects;
import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.SetupState;

/**
 * One row per cluster. The spec (the cluster's copy of its template) is JSON text written by
 * {@link ClusterSpecJson}; states are their lower-case labels; times are epoch milliseconds.
 */
@Entity
@Table(name = "NUBIS_CLUSTER")
public class ClusterEntity {

    @Id
    @Column(name = "NAME", length = 64)
    private String name;

    @Column(name = "TEMPLATE", length = 255)
    private String template;

    /** CLOB on H2, TEXT on PostgreSQL. */
    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "SPEC")
    private String spec;

    @Column(name = "STATE", length = 32, nullable = false)
    private String state;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "STATE_REASON")
    private String stateReason;

    @Column(name = "SETUP", length = 32)
    private String setup;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "SETUP_MESSAGE")
    private String setupMessage;

    @Column(name = "CREATED_AT_MS", nullable = false)
    private long createdAtMillis;

    @Column(name = "PHASE_STARTED_MS")
    private Long phaseStartedMillis;

    @Column(name = "PHASE_ENDED_MS")
    private Long phaseEndedMillis;

    protected ClusterEntity() {
    }

    static ClusterEntity from(Cluster c) {
        ClusterEntity e = new ClusterEntity();
        e.name = c.name();
        e.copy(c);
        return e;
    }

    void copy(Cluster c) {
        template = c.template();
        spec = c.spec() == null ? null : ClusterSpecJson.write(c.spec());
        state = Objects.requireNonNull(c.state(), "cluster state").label();
        stateReason = c.stateReason();
        setup = c.setup() == null ? null : c.setup().label();
        setupMessage = c.setupMessage();
        createdAtMillis = Objects.requireNonNull(c.createdAt(), "cluster creation time").toEpochMilli();
        phaseStartedMillis = millis(c.phaseStarted());
        phaseEndedMillis = millis(c.phaseEnded());
    }

    Cluster toCluster() {
        return new Cluster(name, template, spec == null ? null : ClusterSpecJson.read(spec, "cluster '" + name + "'"),
                ClusterState.parse(state), stateReason, setup == null ? null : SetupState.parse(setup), setupMessage,
                Instant.ofEpochMilli(createdAtMillis), instant(phaseStartedMillis), instant(phaseEndedMillis));
    }

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
