package org.nubis.api.repository;

import java.util.List;
import java.util.Optional;
import org.nubis.api.cluster.Cluster;

/** Durable storage of clusters; their nodes are {@link MachineRepository}'s. Each method is one transaction. */
public interface ClusterRepository {

    /** @throws org.nubis.api.ConflictException if the name is taken */
    void create(Cluster cluster);

    Optional<Cluster> find(String name);

    List<Cluster> list();

    /** Stores the cluster's new state, spec and timings. */
    void update(Cluster cluster);

    /** Deletes the cluster and any node records it still has. */
    void delete(String name);

    /**
     * Reserves {@code count} consecutive node numbers for a kind of the cluster and returns the
     * first; numbers are never handed out twice for the same cluster and kind.
     */
    long reserveNodeNumbers(String cluster, String kind, int count);
}
