package org.nubis.repository.jpa;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

@Entity
@Table(name = "NUBIS_EXPERIMENT")
public class ExperimentEntity {

    @Id
    @Column(name = "NAME", length = 64)
    private String name;

    @Column(name = "CREATED_AT_MS", nullable = false)
    private long createdAtMillis;

    /** Next instance number to hand out; ids are never reused within an experiment. */
    @Column(name = "NEXT_NUMBER", nullable = false)
    private long nextNumber;

    protected ExperimentEntity() {
    }

    ExperimentEntity(String name, long createdAtMillis) {
        this.name = name;
        this.createdAtMillis = createdAtMillis;
        this.nextNumber = 1;
    }

    String name() {
        return name;
    }

    long createdAtMillis() {
        return createdAtMillis;
    }

    long reserve(int count) {
        long first = nextNumber;
        nextNumber += count;
        return first;
    }
}
