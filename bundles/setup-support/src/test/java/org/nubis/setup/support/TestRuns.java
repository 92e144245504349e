package org.nubis.setup.support;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nubis.api.Progress;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.NodeSetupResult;
import org.nubis.api.setup.SetupRun;

/** Setup runs and nodes as core makes them, for the tests (the one place that builds these records). */
final class TestRuns {

    private TestRuns() {
    }

    static Machine node(String id, String publicHost, String privateHost, int sshPort, String sshUser) {
        Instant now = Instant.now();
        return new Machine(id, null, "c", "compute", "local", "lc-" + id, InstanceState.RUNNING, null, null, publicHost, privateHost,
                sshPort, sshUser, "sandbox", "small", "test", now, now, SetupState.NOT_RUN, null);
    }

    static Machine node(String id) {
        return node(id, "127.0.0.1", "10.0.0.1", 2222, "root");
    }

    /** A template with one kind, {@code compute}, and the given setup timeout. */
    static ClusterTemplate template(String loginUser, int setupTimeoutSeconds) {
        Map<String, NodeKind> kinds = new LinkedHashMap<>();
        kinds.put("compute", new NodeKind("compute", 1, 1, null, null, List.of(), List.of(), List.of(), Map.of()));
        return new ClusterTemplate("c", "local", loginUser, kinds, "script", Map.of(), Map.of(), 60, setupTimeoutSeconds,
                null);
    }

    static SetupRun run(List<Machine> nodes, Set<String> configure, Set<String> refresh, Duration timeout,
                        Progress<NodeSetupResult> progress) {
        Instant now = Instant.now();
        Cluster cluster = new Cluster("c", "c", template("root", 60), ClusterState.SETTING_UP, null, SetupState.RUNNING,
                null, now, now, null);
        return new SetupRun(cluster, nodes, configure, refresh, Path.of("."), timeout, progress);
    }
}
