package org.nubis.core.cluster;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nubis.api.ConflictException;
import org.nubis.api.cluster.ClusterState;

/** One phase at a time per cluster, in this Nubis. */
final class PhaseLocks {

    private record Running(ClusterState phase, Instant since) {
    }

    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /** Held while a phase runs. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the cluster for a phase; refuses while another phase runs on it. */
    Lease begin(String cluster, ClusterState phase) {
        Running mine = new Running(phase, Instant.now());
        Running other = running.putIfAbsent(cluster, mine);
        if (other != null) {
            throw new ConflictException("cluster '" + cluster + "' is " + other.phase().label() + " (since "
                    + other.since() + "); wait until that ends, or cancel it (Ctrl-C where it runs)");
        }
        return () -> running.remove(cluster, mine);
    }

    boolean isRunning(String cluster) {
        return running.containsKey(cluster);
    }
}
