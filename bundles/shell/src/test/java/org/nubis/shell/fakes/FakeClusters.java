package org.nubis.shell.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.nubis.api.NotFoundException;
import org.nubis.api.Progress;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.machine.Machine;

/**
 * A cluster service in memory: clusters and nodes as the test puts them; phases end in the state
 * the test expects, after running {@link #duringPhase} (where a test publishes progress events).
 */
public final class FakeClusters implements ClusterService {

    /** What a phase does while it runs. */
    public interface Phase {
        void run() throws InterruptedException;
    }

    public final Map<String, Cluster> clusters = new LinkedHashMap<>();
    public final Map<String, List<Machine>> nodes = new LinkedHashMap<>();
    public Phase duringPhase = () -> { };
    public StartOptions lastStart;
    public Map<String, String> lastOverrides;
    public String lastTemplate;
    public String lastKind;
    public Integer lastDelta;

    public FakeClusters with(Cluster c, Machine... ofIt) {
        clusters.put(c.name(), c);
        nodes.put(c.name(), List.of(ofIt));
        return this;
    }

    @Override
    public Cluster create(String name, String template, Map<String, String> overrides) {
        lastTemplate = template;
        lastOverrides = overrides;
        Cluster c = Samples.cluster(name, ClusterState.CREATED);
        clusters.put(name, c);
        return c;
    }

    @Override
    public Cluster start(String name, StartOptions options, Progress<Machine> progress) throws InterruptedException {
        lastStart = options;
        duringPhase.run();
        return update(cluster(name).withState(ClusterState.RUNNING, options.minNodes() == null ? null : "started with fewer"));
    }

    @Override
    public Cluster setup(String name, Progress<Machine> progress) throws InterruptedException {
        duringPhase.run();
        return cluster(name);
    }

    @Override
    public Cluster resize(String name, String kind, int delta, Progress<Machine> progress) throws InterruptedException {
        lastKind = kind;
        lastDelta = delta;
        duringPhase.run();
        Cluster c = cluster(name);
        return update(c.withSpec(c.spec().withKind(c.spec().kinds().get(kind).withCount(c.spec().kinds().get(kind).count() + delta))));
    }

    @Override
    public CompletableFuture<Machine> addNode(String name, String kind) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Cluster stop(String name, Progress<Machine> progress) throws InterruptedException {
        duringPhase.run();
        return update(cluster(name).withState(ClusterState.STOPPED, null));
    }

    @Override
    public void delete(String name) {
        cluster(name);
        clusters.remove(name);
    }

    @Override
    public List<Cluster> clusters() {
        return new ArrayList<>(clusters.values());
    }

    @Override
    public Cluster cluster(String name) {
        Cluster c = clusters.get(name);
        if (c == null) {
            throw new NotFoundException("no cluster named '" + name + "'");
        }
        return c;
    }

    @Override
    public List<Machine> nodes(String name) {
        cluster(name);
        return nodes.getOrDefault(name, List.of());
    }

    @Override
    public String inventory(String name) {
        return "[all]\n";
    }

    private Cluster update(Cluster c) {
        clusters.put(c.name(), c);
        return c;
    }
}
