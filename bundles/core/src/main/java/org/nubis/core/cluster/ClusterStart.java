package org.nubis.core.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NubisException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.PhaseFailedException;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.machine.Machine;
import org.nubis.core.cloud.ReadinessBarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start phase: checks, launches every node, waits until they answer SSH, and ends running,
 * running with fewer nodes ({@code --min-nodes}), or rolled back to FAILED with each node's reason.
 * Then the setup, if the template names one.
 */
final class ClusterStart {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterStart.class);
    private final ClusterWork work;

    ClusterStart(ClusterWork work) {
        this.work = work;
    }

    Cluster run(Cluster c, StartOptions options, Progress<Machine> progress) throws InterruptedException {
        ClusterTemplate spec = c.spec();
        int total = spec.nodeCount();
        if (options.minNodes() != null && (options.minNodes() < 1 || options.minNodes() > total)) {
            throw new InvalidRequestException("--min-nodes must be between 1 and the cluster's " + total + " nodes, not "
                    + options.minNodes());
        }
        String cloudName = work.cloudOf(spec);
        CloudConnection cloud = work.clouds.connection(cloudName);
        CloudCatalog catalog = cloud.catalog();
        StartChecks.check(spec, cloudName, catalog, work::setupProvider, work.setupProviderNames());
        Duration timeout = options.timeout() != null ? options.timeout() : Duration.ofSeconds(spec.startTimeoutSeconds());

        // Records of an earlier failed start are history now, once what its rollback could not destroy
        // is gone: a cloud that still refuses fails this start before anything new is made.
        List<Machine> earlier = work.machines.ofCluster(c.name());
        work.destroyAll(earlier);
        work.machines.delete(earlier);
        Cluster phase = c.beginPhase(ClusterState.STARTING, Instant.now());
        work.repository.update(phase);
        work.events.phase(phase, "starting " + total + " node(s) on cloud " + cloudName);
        Cluster running;
        try {
            List<Machine> nodes = launchAll(phase, cloudName, cloud, catalog);
            running = await(phase, nodes, cloud, timeout, options.minNodes(), progress);
        } catch (InterruptedException e) {
            rollBack(phase, "start cancelled", Map.of());
            throw e;
        } catch (PhaseFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PhaseFailedException("start of cluster '" + c.name() + "' failed: " + e.getMessage(),
                    rollBack(phase, "start failed: " + e.getMessage(), Map.of()));
        }
        if (running.spec().setupProvider() == null) {
            return running;
        }
        List<Machine> ready = work.live(c.name());
        return work.setupRunner().run(running, ready, ClusterWork.ids(ready), Set.of());
    }

    private List<Machine> launchAll(Cluster c, String cloudName, CloudConnection cloud, CloudCatalog catalog) {
        NodeLauncher launcher = work.launcher();
        List<Machine> nodes = new ArrayList<>();
        for (NodeKind k : c.spec().kinds().values()) {
            if (k.count() > 0) {
                nodes.addAll(launcher.launch(c, cloudName, cloud, k, k.count(), ClusterWork.imageOf(k, catalog),
                        ClusterWork.flavorOf(k, catalog)));
            }
        }
        return nodes;
    }

    private Cluster await(Cluster c, List<Machine> nodes, CloudConnection cloud, Duration timeout, Integer minNodes,
                          Progress<Machine> progress) throws InterruptedException {
        ReadinessBarrier.Outcome outcome = work.barrier().await(nodes, work.sync::refresh, timeout,
                minNodes == null, work.reporting(c, progress));
        List<Machine> ready = work.markReady(outcome.ready());
        if (outcome.complete()) {
            Cluster running = c.endPhase(ClusterState.RUNNING, null, Instant.now());
            work.repository.update(running);
            work.events.phase(running, "all " + ready.size() + " node(s) ready");
            return running;
        }
        String why = outcome.describe("node");
        if (minNodes != null && enough(c.spec(), ready, minNodes)) {
            return keepWhatCameUp(c, nodes, ready, outcome.notReady(), cloud, why);
        }
        throw new PhaseFailedException("cluster '" + c.name() + "' did not start: " + why,
                rollBack(c, "start failed: " + why, outcome.notReady()));
    }

    /** At least {@code minNodes} in all, and per kind its minCount (1 when the template does not say). */
    private static boolean enough(ClusterTemplate spec, List<Machine> ready, int minNodes) {
        if (ready.size() < minNodes) {
            return false;
        }
        Map<String, Long> byKind = ready.stream().collect(Collectors.groupingBy(Machine::kind, Collectors.counting()));
        return spec.kinds().values().stream().filter(k -> k.count() > 0)
                .allMatch(k -> byKind.getOrDefault(k.name(), 0L) >= (k.minCount() >= 0 ? k.minCount() : 1));
    }

    private Cluster keepWhatCameUp(Cluster c, List<Machine> nodes, List<Machine> ready, Map<String, String> notReady,
                                   CloudConnection cloud, String why) {
        Set<String> readyIds = ClusterWork.ids(ready);
        List<Machine> dropped = nodes.stream().filter(n -> !readyIds.contains(n.id())).toList();
        ClusterWork.destroy(cloud, dropped);
        work.machines.delete(dropped);
        ClusterTemplate spec = c.spec();
        for (NodeKind k : c.spec().kinds().values()) {
            spec = spec.withKind(k.withCount((int) ready.stream().filter(n -> n.kind().equals(k.name())).count()));
        }
        String reason = "started with " + ready.size() + " of " + nodes.size() + " node(s); left out: "
                + dropped.stream().map(n -> n.id() + " (" + notReady.getOrDefault(n.id(), n.stateReason()) + ")")
                .collect(Collectors.joining(", "));
        Cluster running = c.withSpec(spec).endPhase(ClusterState.RUNNING, reason, Instant.now());
        work.repository.update(running);
        work.events.phase(running, reason);
        LOG.info("Cluster {}: {} ({})", c.name(), reason, why);
        return running;
    }

    /** Destroys every node and marks the cluster FAILED, keeping each node's reason. */
    Cluster rollBack(Cluster c, String reason, Map<String, String> notReady) {
        List<Machine> nodes = work.machines.ofCluster(c.name());
        String outcome = reason;
        try {
            work.destroyAll(nodes);
            List<Machine> marked = new ArrayList<>();
            for (Machine n : nodes) {
                String why = notReady.containsKey(n.id()) ? notReady.get(n.id())
                        : n.state() == InstanceState.TERMINATED ? n.stateReason() : "destroyed: " + reason;
                marked.add(n.withState(InstanceState.TERMINATED, why));
            }
            work.machines.save(marked);
        } catch (NubisException e) {
            // The nodes stay on record as they are, so that a later stop or reconcile finds them.
            outcome = reason + "; destroying its nodes failed too: " + e.getMessage();
        }
        Cluster failed = c.endPhase(ClusterState.FAILED, outcome, Instant.now());
        work.repository.update(failed);
        work.events.phase(failed, outcome);
        LOG.info("Cluster {} failed: {}", c.name(), outcome);
        return failed;
    }
}
