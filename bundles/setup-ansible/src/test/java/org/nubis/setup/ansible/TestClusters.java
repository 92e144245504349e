package org.nubis.setup.ansible;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.nubis.api.NotFoundException;
import org.nubis.api.Progress;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.machine.Machine;

/** A cluster service that knows one cluster and its nodes (for the ad-hoc commands, which only read). */
final class TestClusters implements ClusterService {

    private final Cluster cluster;
    private final List<Machine> nodes;

    TestClusters(Cluster cluster, List<Machine> nodes) {
        this.cluster = cluster;
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public Cluster cluster(String name) {
        if (!cluster.name().equals(name)) {
            throw new NotFoundException("no cluster named '" + name + "'; clusters: " + cluster.name());
        }
        return cluster;
    }

    @Override
    public List<Machine> nodes(String name) {
        cluster(name);
        return nodes;
    }

    @Override
    public List<Cluster> clusters() {
        return List.of(cluster);
    }

    @Override
    public Cluster create(String name, String template, Map<String, String> overrides) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Cluster start(String name, StartOptions options, Progress<Machine> progress) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Cluster setup(String name, Progress<Machine> progress) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Cluster resize(String name, String kind, int delta, Progress<Machine> progress) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Machine> addNode(String name, String kind) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Cluster stop(String name, Progress<Machine> progress) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String inventory(String name) {
        throw new UnsupportedOperationException();
    }
}
