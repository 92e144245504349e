package org.nubis.shell.fakes;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;

/** Records as services return them, with fixed times so that output can be compared. */
public final class Samples {

    public static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");

    private Samples() {
    }

    public static CloudInstance cloudInstance(String cloudId, InstanceState state, String host, int port, Map<String, String> tags) {
        return new CloudInstance(cloudId, state, null, tags, host, "10.0.0." + cloudId.substring(cloudId.length() - 1), port, "root",
                "debian-12", "small", CREATED);
    }

    /** An instance of experiment {@code demo}, running on cloud {@code local}. */
    public static Machine instance(int n, String... userTags) {
        return Machine.plannedInstance("demo-" + n, "demo", "local", Set.of(userTags), "debian-12", "small", "L1", CREATED)
                .withCloud(cloudInstance("i-" + n, InstanceState.RUNNING, "192.168.1." + n, 22, Map.of()));
    }

    public static Machine pending(int n) {
        return Machine.plannedInstance("demo-" + n, "demo", "local", Set.of(), "debian-12", "small", "L1", CREATED);
    }

    public static ClusterTemplate template(String name, String cloud) {
        Map<String, NodeKind> kinds = new LinkedHashMap<>();
        kinds.put("frontend", new NodeKind("frontend", 1, -1, null, null, List.of("master"), List.of(), List.of(), Map.of()));
        kinds.put("compute", new NodeKind("compute", 2, 1, null, "large", List.of("worker"), List.of(), List.of(), Map.of()));
        return new ClusterTemplate(name, cloud, "admin", kinds, "script", Map.of(), Map.of(), 600, 1800, "/etc/nubis/clusters/" + name + ".yaml");
    }

    public static Cluster cluster(String name, ClusterState state) {
        return new Cluster(name, "slurm", template("slurm", null), state, null, SetupState.DONE, null, CREATED, CREATED,
                CREATED.plusSeconds(2));
    }

    /** A node of cluster {@code hpc}, ready 12.5 s after it was asked for and set up. */
    public static Machine node(String kind, int n) {
        String id = "hpc-" + kind + "-" + n;
        return Machine.plannedNode(id, "hpc", kind, "local", "admin", "debian-12", "small", "L2", CREATED)
                .withCloud(cloudInstance("i-" + n, InstanceState.RUNNING, "192.168.2." + n, 2200 + n,
                        Map.of(NubisTags.CLUSTER, "hpc", NubisTags.NODE, id)))
                .ready(CREATED.plusMillis(12_500)).withSetup(SetupState.DONE, null);
    }

    public static CommandResult ran(String id, int exit, String stdout, String stderr) {
        return new CommandResult(id, exit, stdout, stderr, Duration.ofMillis(210), null);
    }

    public static CommandResult unreachable(String id, String why) {
        return new CommandResult(id, -1, "", "", Duration.ZERO, why);
    }
}
