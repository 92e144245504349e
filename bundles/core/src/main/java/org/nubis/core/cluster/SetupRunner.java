package org.nubis.core.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nubis.api.NotFoundException;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.PhaseFailedException;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.ClusterRepository;
import org.nubis.api.repository.MachineRepository;
import org.nubis.api.setup.NodeSetupResult;
import org.nubis.api.setup.SetupProvider;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;

/**
 * The setup phase: hands the nodes to the cluster's setup provider and records, per node and for
 * the cluster, what it said. The cluster rests in RUNNING afterwards, with its setup DONE or FAILED.
 */
final class SetupRunner {

    private final ClusterRepository repository;
    private final MachineRepository machines;
    private final Function<String, SetupProvider> providers;
    private final ClusterEvents events;

    SetupRunner(ClusterRepository repository, MachineRepository machines, Function<String, SetupProvider> providers,
                ClusterEvents events) {
        this.repository = repository;
        this.machines = machines;
        this.providers = providers;
        this.events = events;
    }

    /**
     * @param configure nodes to configure fully
     * @param refresh   nodes that must learn about a change of the others
     */
    Cluster run(Cluster cluster, List<Machine> nodes, Set<String> configure, Set<String> refresh) throws InterruptedException {
        SetupProvider provider = providers.apply(cluster.spec().setupProvider());
        if (provider == null) {
            throw new NotFoundException("setup provider '" + cluster.spec().setupProvider() + "' of cluster '" + cluster.name()
                    + "' is not deployed");
        }
        Cluster c = cluster.beginPhase(ClusterState.SETTING_UP, Instant.now()).withSetup(SetupState.RUNNING, null);
        repository.update(c);
        events.phase(c, "setting up " + configure.size() + " node(s), refreshing " + refresh.size());
        Cluster phase = c;
        SetupRun run = new SetupRun(c, nodes, configure, refresh, templateDir(c), Duration.ofSeconds(c.spec().setupTimeoutSeconds()),
                (r, done, total) -> nodes.stream().filter(n -> n.id().equals(r.nodeId())).findFirst()
                        .ifPresent(n -> events.node(phase, n, done, total, r.ok() ? "set up" : r.message())));
        SetupReport report;
        try {
            report = provider.apply(run);
        } catch (InterruptedException e) {
            repository.update(c.endPhase(ClusterState.RUNNING, null, Instant.now()).withSetup(SetupState.FAILED, "setup cancelled"));
            throw e;
        } catch (RuntimeException e) {
            Cluster failed = c.endPhase(ClusterState.RUNNING, null, Instant.now()).withSetup(SetupState.FAILED, e.getMessage());
            repository.update(failed);
            throw new PhaseFailedException("setup of cluster '" + c.name() + "' failed: " + e.getMessage(), failed);
        }
        return record(cluster, c, nodes, report);
    }

    private Cluster record(Cluster cluster, Cluster c, List<Machine> nodes, SetupReport report) {
        Map<String, NodeSetupResult> byNode = report.results().stream()
                .collect(Collectors.toMap(NodeSetupResult::nodeId, r -> r, (a, b) -> b));
        List<Machine> changed = new ArrayList<>();
        for (Machine n : nodes) {
            NodeSetupResult r = byNode.get(n.id());
            if (r != null) {
                changed.add(n.withSetup(r.ok() ? SetupState.DONE : SetupState.FAILED, r.ok() ? null : r.message()));
            }
        }
        machines.save(changed);
        List<NodeSetupResult> failures = report.failures();
        String message = failures.isEmpty() ? null : "setup failed on " + failures.size() + " of " + report.results().size()
                + " node(s): " + failures.stream().map(f -> f.nodeId() + ": " + f.message()).collect(Collectors.joining("; "));
        // What the cluster said before the setup (nodes left out by a start with a minimum) still holds.
        Cluster done = c.endPhase(ClusterState.RUNNING, cluster.stateReason(), Instant.now())
                .withSetup(failures.isEmpty() ? SetupState.DONE : SetupState.FAILED, message);
        repository.update(done);
        events.phase(done, message == null ? "set up" : message);
        if (message != null) {
            throw new PhaseFailedException("cluster '" + c.name() + "': " + message, done);
        }
        return done;
    }

    static Path templateDir(Cluster c) {
        return c.spec().directory().orElse(Path.of("."));
    }
}
