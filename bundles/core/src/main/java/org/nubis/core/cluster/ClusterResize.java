package org.nubis.core.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.PhaseFailedException;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;
import org.nubis.core.cloud.ReadinessBarrier;

/**
 * The resize phase: new nodes are launched, awaited and set up, and the others refreshed; removed
 * nodes are the newest of their kind. A growth that cannot complete gives its new nodes back.
 */
final class ClusterResize {

    private final ClusterWork work;

    ClusterResize(ClusterWork work) {
        this.work = work;
    }

    Cluster grow(Cluster c, NodeKind k, int count, List<Machine> before, Progress<Machine> progress) throws InterruptedException {
        String cloudName = work.cloudOf(c.spec());
        CloudConnection cloud = work.clouds.connection(cloudName);
        CloudCatalog catalog = cloud.catalog();
        Cluster phase = c.beginPhase(ClusterState.RESIZING, Instant.now());
        work.repository.update(phase);
        work.events.phase(phase, "adding " + count + " " + k.name() + " node(s)");
        List<Machine> added;
        try {
            added = work.launcher().launch(phase, cloudName, cloud, k, count, ClusterWork.imageOf(k, catalog),
                    ClusterWork.flavorOf(k, catalog));
            ReadinessBarrier.Outcome outcome = work.barrier().await(added, work.sync::refresh,
                    Duration.ofSeconds(c.spec().startTimeoutSeconds()), true, work.reporting(phase, progress));
            if (!outcome.complete()) {
                String why = outcome.describe("new node");
                ClusterWork.destroy(cloud, added);
                work.machines.delete(added);
                Cluster back = phase.endPhase(ClusterState.RUNNING, "resize failed: " + why, Instant.now());
                work.repository.update(back);
                work.events.phase(back, "resize failed: " + why);
                throw new PhaseFailedException("cluster '" + c.name() + "' was not resized: " + why, back);
            }
            added = work.markReady(outcome.ready());
        } catch (InterruptedException e) {
            undoGrowth(phase, cloud, "resize cancelled");
            throw e;
        }
        Cluster grown = phase.withSpec(phase.spec().withKind(k.withCount(k.count() + count)))
                .endPhase(ClusterState.RUNNING, null, Instant.now());
        work.repository.update(grown);
        work.events.phase(grown, "added " + ClusterWork.ids(added));
        return setUpAfterResize(grown, ClusterWork.ids(added), ClusterWork.ids(before));
    }

    /** A growth that did not finish: the nodes that never became ready go again. */
    void undoGrowth(Cluster phase, CloudConnection cloud, String reason) {
        List<Machine> unready = work.machines.ofCluster(phase.name()).stream().filter(n -> n.readyAt() == null).toList();
        ClusterWork.destroy(cloud, unready);
        work.machines.delete(unready);
        work.repository.update(phase.endPhase(ClusterState.RUNNING, reason, Instant.now()));
    }

    Cluster shrink(Cluster c, NodeKind k, int count, List<Machine> before, List<Machine> ofKind) throws InterruptedException {
        // The newest nodes go first: the ones that carry the least state.
        List<Machine> leaving = ofKind.stream().sorted(Comparator.comparing(Machine::createdAt).thenComparing(ClusterWork::number)
                .reversed()).limit(count).toList();
        Cluster phase = c.beginPhase(ClusterState.RESIZING, Instant.now());
        work.repository.update(phase);
        work.events.phase(phase, "removing " + ClusterWork.ids(leaving));
        work.destroyAll(leaving);
        work.machines.delete(leaving);
        leaving.forEach(n -> work.ssh.forget(n.id()));
        Cluster shrunk = phase.withSpec(phase.spec().withKind(k.withCount(k.count() - count)))
                .endPhase(ClusterState.RUNNING, null, Instant.now());
        work.repository.update(shrunk);
        work.events.phase(shrunk, "removed " + ClusterWork.ids(leaving));
        Set<String> staying = new HashSet<>(ClusterWork.ids(before));
        staying.removeAll(ClusterWork.ids(leaving));
        return setUpAfterResize(shrunk, Set.of(), staying);
    }

    /** New nodes get the full setup; the others learn about the change. Only when the cluster was set up before. */
    private Cluster setUpAfterResize(Cluster c, Set<String> configure, Set<String> refresh) throws InterruptedException {
        if (c.spec().setupProvider() == null || c.setup() == SetupState.NOT_RUN) {
            return c;
        }
        return work.setupRunner().run(c, work.live(c.name()), configure, refresh);
    }
}
