package org.nubis.api.repository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.Node;

/** Durable storage of clusters and their nodes. Each method is one transaction. */
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

    /** Inserts or updates. */
    void saveNodes(Collection<Node> nodes);

    /** The cluster's nodes, by kind in template order is not known here: ordered by kind, then number. */
    List<Node> nodes(String cluster);

    void deleteNodes(Collection<String> nodeIds);
}
