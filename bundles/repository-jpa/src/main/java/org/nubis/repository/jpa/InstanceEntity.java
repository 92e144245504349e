package org.nubis.repository.jpa;

import java.time.Instant;
import java.util.Arrays;
import java.util.TreeSet;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.Instance;

/** One row per instance. State and tags are stored as plain text, never as Java names. */
@Entity
@Table(name = "NUBIS_INSTANCE", indexes = @Index(name = "NUBIS_INSTANCE_EXPERIMENT", columnList = "EXPERIMENT"))
public class InstanceEntity {

    @Id
    @Column(name = "ID", length = 100)
    private String id;

    @Column(name = "EXPERIMENT", length = 64, nullable = false)
    private String experiment;

    @Column(name = "CLOUD", length = 64, nullable = false)
    private String cloud;

    @Column(name = "CLOUD_ID", length = 255)
    private String cloudId;

    @Column(name = "STATE", length = 32, nullable = false)
    private String state;

    @Column(name = "STATE_REASON", length = 1000)
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

    @Column(name = "CREATED_AT_MS", nullable = false)
    private long createdAtMillis;

    protected InstanceEntity() {
    }

    static InstanceEntity from(Instance i) {
        InstanceEntity e = new InstanceEntity();
        e.id = i.id();
        e.copy(i);
        return e;
    }

    void copy(Instance i) {
        experiment = i.experiment();
        cloud = i.cloud();
        cloudId = i.cloudId();
        state = i.state().label();
        stateReason = truncate(i.stateReason(), 1000);
        tags = String.join(" ", i.tags());
        publicHost = i.publicHost();
        privateHost = i.privateHost();
        sshPort = i.sshPort();
        sshUser = i.sshUser();
        image = i.image();
        flavor = i.flavor();
        createdAtMillis = i.createdAt().toEpochMilli();
    }

    Instance toInstance() {
        TreeSet<String> tagSet = new TreeSet<>();
        if (!tags.isBlank()) {
            tagSet.addAll(Arrays.asList(tags.split(" ")));
        }
        return new Instance(id, experiment, cloud, cloudId, InstanceState.parse(state), stateReason,
                tagSet, publicHost, privateHost, sshPort, sshUser, image, flavor,
                Instant.ofEpochMilli(createdAtMillis));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
