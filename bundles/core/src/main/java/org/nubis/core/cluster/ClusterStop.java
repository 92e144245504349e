package org.nubis.core.cluster;

import java.time.Instant;
import java.util.List;
import org.nubis.api.NubisException;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.PhaseFailedException;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;

/** The stop phase: every node destroyed; on a cloud error the records stay, and the cluster says so. */
final class ClusterStop {

    private final ClusterWork work;

    ClusterStop(ClusterWork work) {
        this.work = work;
    }

    Cluster run(Cluster c) {
        Cluster phase = c.beginPhase(ClusterState.STOPPING, Instant.now());
        work.repository.update(phase);
        List<Machine> nodes = work.machines.ofCluster(c.name());
        work.events.phase(phase, "destroying " + nodes.size() + " node(s)");
        try {
            work.destroyAll(nodes);
        } catch (NubisException e) {
            Cluster failed = phase.endPhase(ClusterState.FAILED, "stop failed, nodes may remain: " + e.getMessage(), Instant.now());
            work.repository.update(failed);
            throw new PhaseFailedException("cluster '" + c.name() + "' was not stopped: " + e.getMessage(), failed);
        }
        work.machines.delete(nodes);
        nodes.forEach(n -> work.ssh.forget(n.id()));
        Cluster stopped = phase.withSetup(SetupState.NOT_RUN, null).endPhase(ClusterState.STOPPED, null, Instant.now());
        work.repository.update(stopped);
        work.events.phase(stopped, "stopped");
        return stopped;
    }
}
