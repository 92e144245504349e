package org.nubis.core.fakes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nubis.api.ConflictException;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.repository.ClusterRepository;

/** Cluster records in memory. */
public final class MemoryClusters implements ClusterRepository {

    private final Map<String, Cluster> clusters = new TreeMap<>();
    private final Map<String, Long> counters = new HashMap<>();

    @Override
    public synchronized void create(Cluster cluster) {
        if (clusters.putIfAbsent(cluster.name(), cluster) != null) {
            throw new ConflictException("cluster '" + cluster.name() + "' already exists");
        }
    }

    @Override
    public synchronized Optional<Cluster> find(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    @Override
    public synchronized List<Cluster> list() {
        return new ArrayList<>(clusters.values());
    }

    @Override
    public synchronized void update(Cluster cluster) {
        clusters.put(cluster.name(), cluster);
    }

    @Override
    public synchronized void delete(String name) {
        clusters.remove(name);
    }

    @Override
    public synchronized long reserveNodeNumbers(String cluster, String kind, int count) {
        long first = counters.getOrDefault(cluster + "/" + kind, 1L);
        counters.put(cluster + "/" + kind, first + count);
        return first;
    }
}
