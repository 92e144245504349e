package org.nubis.repository.jpa;

import java.io.Serializable;
import java.util.Objects;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/** The next node number to hand out, per cluster and kind: node ids are never reused. */
@Entity
@Table(name = "NUBIS_NODE_COUNTER")
@IdClass(NodeCounterEntity.Key.class)
public class NodeCounterEntity {

    @Id
    @Column(name = "CLUSTER", length = 64)
    private String cluster;

    @Id
    @Column(name = "KIND", length = 64)
    private String kind;

    @Column(name = "NEXT_NUMBER", nullable = false)
    private long nextNumber;

    protected NodeCounterEntity() {
    }

    NodeCounterEntity(String cluster, String kind) {
        this.cluster = cluster;
        this.kind = kind;
        this.nextNumber = 1;
    }

    long reserve(int count) {
        long first = nextNumber;
        nextNumber += count;
        return first;
    }

    /** The primary key: (cluster, kind). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String cluster;
        private String kind;

        public Key() {
        }

        Key(String cluster, String kind) {
            this.cluster = cluster;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(cluster, k.cluster) && Objects.equals(kind, k.kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cluster, kind);
        }
    }
}
