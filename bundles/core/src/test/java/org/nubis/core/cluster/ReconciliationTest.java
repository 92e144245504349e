package org.nubis.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ReconcileReport;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;
import org.nubis.core.cloud.LaunchesInFlight;
import org.nubis.core.fakes.FakeCloud;
import org.nubis.core.fakes.FakeClouds;
import org.nubis.core.fakes.MemoryClusters;
import org.nubis.core.fakes.MemoryMachines;

class ReconciliationTest {

    private static final String OWNER = "lab-1";
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(1));

    private final FakeClouds clouds = new FakeClouds("local");
    private final FakeCloud cloud = clouds.get("local");
    private final MemoryClusters clusters = new MemoryClusters();
    private final MemoryMachines machines = new MemoryMachines();
    private final List<String> busy = new ArrayList<>();
    private final List<String> finished = new ArrayList<>();
    /** This process's launches; it started when the test did. */
    private final LaunchesInFlight launches = new LaunchesInFlight();

    private ReconcileReport reconcile(boolean destroyOrphans) {
        return new Reconciliation(clouds, clusters, machines, OWNER, busy::contains, c -> {
            finished.add(c.name());
            return c.name() + ": finished";
        }, launches::mayStillCreate).run(destroyOrphans);
    }

    private static Map<String, String> tags(String... keysAndValues) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put(NubisTags.OWNER, OWNER);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Machine node(String id, String launch, Instant createdAt) {
        return Machine.plannedNode(id, "hpc", "compute", "local", null, "img", "small", launch, createdAt);
    }

    private static Machine instance(String id, String launch, Instant createdAt) {
        return Machine.plannedInstance(id, "exp", "local", Set.of(), "img", "small", launch, createdAt);
    }

    private void cluster(String name, ClusterState state) {
        clusters.create(new Cluster(name, "t", null, state, null, SetupState.NOT_RUN, null, LONG_AGO, LONG_AGO, null));
    }

    @Test
    void adoptsByNodeTagThenByLaunchAndPairsTheRecord() {
        cluster("hpc", ClusterState.RUNNING);
        machines.save(List.of(node("hpc-compute-1", "L1", Instant.now()), node("hpc-compute-2", "L1", Instant.now())));
        CloudInstance tagged = cloud.add(InstanceState.RUNNING, tags(NubisTags.CLUSTER, "hpc", NubisTags.NODE, "hpc-compute-2",
                NubisTags.LAUNCH, "L1"));
        CloudInstance untagged = cloud.add(InstanceState.RUNNING, tags(NubisTags.CLUSTER, "hpc", NubisTags.LAUNCH, "L1"));

        ReconcileReport r = reconcile(false);
        assertEquals(List.of("local: i-1 as node hpc-compute-2", "local: i-2 as node hpc-compute-1"), r.adopted());
        assertEquals(List.of(), r.orphans());
        List<Machine> nodes = machines.ofCluster("hpc");
        assertEquals(untagged.cloudId(), nodes.get(0).cloudId());
        assertEquals(tagged.cloudId(), nodes.get(1).cloudId());
        assertEquals(InstanceState.RUNNING, nodes.get(1).state());
        assertEquals(tagged.sshPort(), nodes.get(1).sshPort());
    }

    @Test
    void anInstanceRecordedBeforeLaunchesWereRecordedTakesAnyInstanceOfItsExperiment() {
        machines.save(List.of(instance("exp-1", null, Instant.now())));
        cloud.add(InstanceState.RUNNING, tags(NubisTags.EXPERIMENT, "exp", NubisTags.LAUNCH, "whatever"));
        assertEquals(List.of("local: i-1 as instance exp-1"), reconcile(false).adopted());
        assertEquals("i-1", machines.ofExperiment("exp").get(0).cloudId());
    }

    @Test
    void aNodeOfAnotherLaunchIsAnOrphanAndIsDestroyedWhenAsked() {
        cluster("hpc", ClusterState.RUNNING);
        machines.save(List.of(node("hpc-compute-1", "L1", Instant.now())));
        cloud.add(InstanceState.RUNNING, tags(NubisTags.CLUSTER, "hpc", NubisTags.LAUNCH, "L2"));
        cloud.add(InstanceState.RUNNING, tags());

        ReconcileReport looked = reconcile(false);
        assertEquals(List.of("local: i-1 (cluster hpc: no record of it)", "local: i-2 (no record of it)"), looked.orphans());
        assertTrue(cloud.terminated().isEmpty(), "nothing is destroyed unless asked");
        assertNull(machines.ofCluster("hpc").get(0).cloudId());

        ReconcileReport cleaned = reconcile(true);
        assertEquals(List.of("local: i-1", "local: i-2"), cleaned.destroyed());
        assertEquals(List.of("i-1", "i-2"), cloud.terminated());
    }

    @Test
    void leavesTheMachinesOfAClusterWhosePhaseIsRunningAlone() {
        cluster("busy", ClusterState.STARTING);
        busy.add("busy");
        machines.save(List.of(Machine.plannedNode("busy-compute-1", "busy", "compute", "local", null, "img", "small", "L9",
                LONG_AGO)));
        cloud.add(InstanceState.RUNNING, tags(NubisTags.CLUSTER, "busy", NubisTags.LAUNCH, "L9"));

        ReconcileReport r = reconcile(true);
        assertEquals(List.of(), r.adopted());
        assertEquals(List.of(), r.orphans());
        assertEquals(List.of(), r.gone());
        assertTrue(cloud.terminated().isEmpty());
        assertEquals(List.of(), finished, "the phase is running: it is not finished for it");
    }

    @Test
    void recordsOfWhatIsGoneAreClosedNodesKeptAndInstancesThatNeverWereForgotten() {
        cluster("hpc", ClusterState.RUNNING);
        CloudInstance vanished = cloud.add(InstanceState.RUNNING, tags());
        cloud.forget(vanished.cloudId());
        machines.save(List.of(
                node("hpc-compute-1", "L1", LONG_AGO).withCloud(vanished),
                node("hpc-compute-2", "L1", LONG_AGO),
                instance("exp-1", "L3", LONG_AGO),
                instance("exp-2", "L4", Instant.now())));

        ReconcileReport r = reconcile(false);
        assertEquals(List.of("local: node hpc-compute-1 (i-1)", "local: node hpc-compute-2 (never created)",
                "local: instance exp-1 (never created)"), r.gone());
        List<Machine> nodes = machines.ofCluster("hpc");
        assertEquals("no longer known to cloud 'local'", nodes.get(0).stateReason());
        assertEquals(InstanceState.TERMINATED, nodes.get(1).state());
        assertEquals("never created by cloud 'local'", nodes.get(1).stateReason());
        assertEquals(List.of("exp-2"), machines.ofExperiment("exp").stream().map(Machine::id).toList(),
                "a launch may still be under way for the young one");
    }

    @Test
    void recordsACrashLeftBeforeTheCloudWasAskedAreForgottenAtOnceUnlessTheirLaunchIsUnderWay() {
        // Written seconds before this process started: the process that was to launch them is gone.
        Instant beforeTheRestart = Instant.now().minusSeconds(10);
        machines.save(List.of(instance("exp-1", "L1", beforeTheRestart), instance("exp-2", "L1", beforeTheRestart),
                instance("exp-3", "L2", beforeTheRestart)));
        try (LaunchesInFlight.Launch underWay = launches.begin("L2")) {
            ReconcileReport r = reconcile(false);

            assertEquals(List.of("local: instance exp-1 (never created)", "local: instance exp-2 (never created)"), r.gone());
            assertEquals(List.of("exp-3"), machines.ofExperiment("exp").stream().map(Machine::id).toList(),
                    "a launch under way keeps its records");
        }
        assertEquals(List.of("local: instance exp-3 (never created)"), reconcile(false).gone(), "once it ended, not any more");
    }

    @Test
    void finishesPhasesNobodyRunsAndReportsCloudsItCannotAsk() {
        cluster("crashed", ClusterState.STARTING);
        cluster("fine", ClusterState.RUNNING);
        cloud.down = true;
        ReconcileReport r = reconcile(false);
        assertEquals(List.of("crashed"), finished);
        assertEquals(List.of("crashed: finished"), r.phases());
        assertEquals(1, r.unavailable().size());
        assertTrue(r.unavailable().get(0).startsWith("local: "), r.unavailable().toString());
    }
}
