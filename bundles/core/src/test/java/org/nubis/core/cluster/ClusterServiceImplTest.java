package org.nubis.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nubis.api.CloudException;
import org.nubis.api.ConflictException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.PhaseFailedException;
import org.nubis.api.cluster.ReconcileReport;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.cluster.TemplateException;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.SetupRun;
import org.nubis.core.CoreFixtures;
import org.nubis.core.CoreThreads;
import org.nubis.core.fakes.FakeCloud;
import org.nubis.core.fakes.FakeClouds;
import org.nubis.core.fakes.FakeIdentity;
import org.nubis.core.fakes.FakeSetup;
import org.nubis.core.fakes.FakeSsh;
import org.nubis.core.fakes.FakeTemplates;
import org.nubis.core.fakes.MemoryClusters;
import org.nubis.core.fakes.MemoryMachines;
import org.nubis.core.fakes.RecordingEvents;

class ClusterServiceImplTest {

    private final FakeClouds clouds = new FakeClouds("local");
    private final FakeCloud cloud = clouds.get("local");
    private final MemoryClusters clusters = new MemoryClusters();
    private final MemoryMachines machines = new MemoryMachines();
    private final FakeSsh ssh = new FakeSsh();
    private final FakeSetup setup = new FakeSetup("fake");
    private final RecordingEvents events = new RecordingEvents();
    private final FakeTemplates templates = new FakeTemplates()
            .add(template("hpc", "fake"))
            .add(template("plain", null))
            .add(template("ansible", "ansible"));
    private final CoreThreads threads = CoreFixtures.threads();
    private final ClusterServiceImpl service = new ClusterServiceImpl();

    /** One frontend, two compute nodes (tagged team=hpc-lab on the cloud), login user admin, 5 s to start. */
    private static ClusterTemplate template(String name, String setupProvider) {
        Map<String, NodeKind> kinds = new LinkedHashMap<>();
        kinds.put("frontend", new NodeKind("frontend", 1, -1, null, null, List.of("master"), List.of(), List.of(), Map.of()));
        kinds.put("compute", new NodeKind("compute", 2, -1, null, null, List.of("worker"), List.of(), List.of(),
                Map.of("tag:team", "hpc-lab", "tag:nubis:owner", "someone-else")));
        return new ClusterTemplate(name, "local", "admin", kinds, setupProvider, Map.of(), Map.of(), 5, 30, "<test>");
    }

    @BeforeEach
    void activate() {
        service.clouds = clouds;
        service.repository = clusters;
        service.machines = machines;
        service.threads = threads;
        service.launches = new org.nubis.core.cloud.LaunchesInFlight();
        service.templates = templates;
        service.ssh = ssh;
        service.identity = new FakeIdentity();
        service.eventAdmin = events;
        service.bindSetupProvider(setup);
        service.activate(CoreFixtures.config("lab-1", 300));
        // Deactivating only cancels the reconcile activate schedules for 3 s later, which would race
        // the tests that reconcile (on a loaded machine a test can take that long); the service works on.
        service.deactivate();
    }

    @AfterEach
    void stopThreads() {
        CoreFixtures.stop(threads);
    }

    private Cluster started(String template) throws InterruptedException {
        service.create("hpc", template, Map.of());
        return service.start("hpc", StartOptions.all(), Progress.none());
    }

    /** The last compute node of each launch is terminated by the cloud as soon as it is created. */
    private void computeNodesDieAtLaunch() {
        cloud.afterLaunch = created -> created.stream().filter(c -> "compute".equals(c.tags().get(NubisTags.KIND)))
                .reduce((a, b) -> b).ifPresent(c -> cloud.set(c.cloudId(), InstanceState.TERMINATED));
    }

    private static List<String> ids(List<Machine> ms) {
        return ms.stream().map(Machine::id).toList();
    }

    private Map<String, String> reasons() {
        Map<String, String> out = new LinkedHashMap<>();
        machines.ofCluster("hpc").forEach(n -> out.put(n.id(), n.stateReason()));
        return out;
    }

    private CloudInstance instanceOf(String nodeId) {
        return cloud.instance(machines.ofCluster("hpc").stream().filter(n -> n.id().equals(nodeId)).findFirst().orElseThrow().cloudId());
    }

    // --- create ---------------------------------------------------------------------------------

    @Test
    void createKeepsItsOwnCopyOfTheTemplateWithOverridesAndLaunchesNothing() {
        Cluster c = service.create("hpc", "hpc", Map.of("compute.count", "5"));
        assertEquals(ClusterState.CREATED, c.state());
        assertEquals(6, c.spec().nodeCount());
        assertEquals(2, templates.template("hpc").kinds().get("compute").count(), "the template is unchanged");
        assertEquals(c, service.cluster("hpc"));
        assertEquals(List.of(), cloud.launches());
        assertThrows(ConflictException.class, () -> service.create("hpc", "hpc", Map.of()));
        assertThrows(TemplateException.class, () -> service.create("Bad Name", "hpc", Map.of()));
        assertThrows(NotFoundException.class, () -> service.create("other", "nope", Map.of()));
        NotFoundException unknown = assertThrows(NotFoundException.class, () -> service.cluster("nope"));
        assertEquals("no cluster named 'nope'; clusters: hpc", unknown.getMessage());
    }

    // --- start ----------------------------------------------------------------------------------

    @Test
    void startBringsEveryNodeUpAndSetsThemUp() throws Exception {
        service.create("hpc", "hpc", Map.of());
        List<String> progress = new CopyOnWriteArrayList<>();

        Cluster c = service.start("hpc", StartOptions.all(), (n, done, total) -> progress.add(n.id()));

        assertEquals(ClusterState.RUNNING, c.state());
        assertEquals(SetupState.DONE, c.setup());
        assertNotNull(c.phaseEnded());
        assertEquals(c, service.cluster("hpc"), "the stored cluster is the one returned");
        List<Machine> nodes = service.nodes("hpc");
        assertEquals(List.of("hpc-frontend-1", "hpc-compute-1", "hpc-compute-2"), ids(nodes), "kinds in template order");
        for (Machine n : nodes) {
            assertEquals(InstanceState.RUNNING, n.state());
            assertNotNull(n.readyAt(), n.id());
            assertEquals(SetupState.DONE, n.setup(), n.id());
            assertEquals("admin", n.sshUser(), "the template's login user wins over the image's");
        }
        assertEquals(Set.copyOf(ids(nodes)), Set.copyOf(progress));

        SetupRun run = setup.lastRun();
        assertEquals(Set.copyOf(ids(nodes)), run.configure());
        assertEquals(Set.of(), run.refresh());
        assertEquals(Duration.ofSeconds(30), run.timeout());

        Map<String, String> tags = instanceOf("hpc-compute-1").tags();
        assertEquals("hpc", tags.get(NubisTags.CLUSTER));
        assertEquals("compute", tags.get(NubisTags.KIND));
        assertEquals("hpc-compute-1", tags.get(NubisTags.NODE));
        assertEquals("lab-1", tags.get(NubisTags.OWNER), "a kind's tag option cannot overwrite Nubis's own tags");
        assertEquals("hpc-lab", tags.get("team"));

        assertEquals(List.of("starting: starting 3 node(s) on cloud local", "running: all 3 node(s) ready",
                "setting-up: setting up 3 node(s), refreshing 0", "running: set up"), events.phases());
        assertEquals(6, events.nodes().size(), "each node once ready and once set up");
    }

    @Test
    void aTemplateWithoutSetupEndsRunningWithoutSetup() throws Exception {
        Cluster c = started("plain");
        assertEquals(ClusterState.RUNNING, c.state());
        assertEquals(SetupState.NOT_RUN, c.setup());
        assertEquals(List.of(), setup.runs);
        assertThrows(InvalidRequestException.class, () -> service.setup("hpc", Progress.none()));
    }

    @Test
    void aNodeWhoseSetupFailsLeavesTheClusterRunningWithTheFailureOnRecord() throws Exception {
        service.create("hpc", "hpc", Map.of());
        setup.failures.put("hpc-compute-2", "compute.sh exited 3");

        PhaseFailedException e = assertThrows(PhaseFailedException.class,
                () -> service.start("hpc", StartOptions.all(), Progress.none()));

        Cluster c = e.cluster();
        assertEquals(ClusterState.RUNNING, c.state());
        assertEquals(SetupState.FAILED, c.setup());
        assertEquals("setup failed on 1 of 3 node(s): hpc-compute-2: compute.sh exited 3", c.setupMessage());
        assertEquals(c, service.cluster("hpc"));
        Map<String, SetupState> states = new LinkedHashMap<>();
        machines.ofCluster("hpc").forEach(n -> states.put(n.id(), n.setup()));
        assertEquals(Map.of("hpc-compute-1", SetupState.DONE, "hpc-compute-2", SetupState.FAILED, "hpc-frontend-1", SetupState.DONE),
                states);
        assertEquals("compute.sh exited 3", machines.ofCluster("hpc").get(1).setupMessage());

        setup.failures.clear();
        assertEquals(SetupState.DONE, service.setup("hpc", Progress.none()).setup(), "setup can be run again");
    }

    @Test
    void aStartThatFailsDestroysEverythingAndSaysWhyForEachNode() {
        service.create("hpc", "hpc", Map.of());
        computeNodesDieAtLaunch();

        PhaseFailedException e = assertThrows(PhaseFailedException.class,
                () -> service.start("hpc", StartOptions.all(), Progress.none()));

        assertEquals(ClusterState.FAILED, e.cluster().state());
        assertEquals(e.cluster(), service.cluster("hpc"));
        assertTrue(e.getMessage().contains("can never all become ready: hpc-compute-2 (terminated: set by the test)"), e.getMessage());
        assertEquals(Set.of(), cloud.live(), "nothing is left running");
        machines.ofCluster("hpc").forEach(n -> assertEquals(InstanceState.TERMINATED, n.state(), n.id()));
        Map<String, String> why = reasons();
        assertEquals("terminated: set by the test", why.get("hpc-compute-2"));
        assertTrue(why.get("hpc-frontend-1").startsWith("destroyed: start failed: "), why.get("hpc-frontend-1"));
        assertEquals(List.of(), setup.runs, "no setup on a cluster that did not start");
        assertTrue(events.phases().get(events.phases().size() - 1).startsWith("failed: start failed: "), events.phases().toString());
    }

    @Test
    void aStartThatTimesOutDestroysEverythingAndSaysWhyForEachNode() {
        service.create("hpc", "hpc", Map.of());
        ssh.fails("hpc-compute-1", "connection refused");

        PhaseFailedException e = assertThrows(PhaseFailedException.class,
                () -> service.start("hpc", new StartOptions(null, Duration.ofMillis(200)), Progress.none()));

        assertEquals(ClusterState.FAILED, e.cluster().state());
        assertTrue(e.cluster().stateReason().contains("not ready after"), e.cluster().stateReason());
        assertEquals("running; SSH: connection refused", reasons().get("hpc-compute-1"));
        assertEquals(Set.of(), cloud.live());
    }

    @Test
    void aStartWhoseLaunchTheCloudRefusesFailsWithTheCloudsReason() {
        service.create("hpc", "hpc", Map.of());
        cloud.launchFailure = new CloudException("quota exceeded");

        PhaseFailedException e = assertThrows(PhaseFailedException.class,
                () -> service.start("hpc", new StartOptions(null, Duration.ofSeconds(5)), Progress.none()));

        assertEquals(ClusterState.FAILED, e.cluster().state());
        assertTrue(e.cluster().stateReason().contains("can never all become ready"), "no node can come: no waiting for the deadline; "
                + e.cluster().stateReason());
        reasons().forEach((id, why) -> assertEquals("terminated: not created: quota exceeded", why, id));
    }

    @Test
    void startingAgainAfterARollbackThatCouldNotDestroyKeepsTrackOfEveryInstance() throws Exception {
        service.create("hpc", "hpc", Map.of());
        computeNodesDieAtLaunch();
        cloud.terminateFails = true;
        PhaseFailedException failed = assertThrows(PhaseFailedException.class,
                () -> service.start("hpc", StartOptions.all(), Progress.none()));
        assertTrue(failed.cluster().stateReason().contains("destroying its nodes failed too"), failed.cluster().stateReason());
        assertEquals(Set.of("i-1", "i-2"), cloud.live(), "left running, on record");

        cloud.terminateFails = false;
        cloud.afterLaunch = created -> { };
        service.start("hpc", StartOptions.all(), Progress.none());

        Set<String> tracked = new java.util.TreeSet<>(machines.ofCluster("hpc").stream().map(Machine::cloudId).toList());
        assertTrue(tracked.containsAll(cloud.live()), "live on the cloud " + cloud.live() + ", on record " + tracked);
    }

    @Test
    void withAMinimumTheNodesThatCameUpAreKept() throws Exception {
        service.create("hpc", "hpc", Map.of("compute.count", "3"));
        computeNodesDieAtLaunch();

        Cluster c = service.start("hpc", new StartOptions(3, null), Progress.none());

        assertEquals(ClusterState.RUNNING, c.state());
        assertEquals(2, c.spec().kinds().get("compute").count(), "the spec follows what was kept");
        assertEquals(List.of("hpc-frontend-1", "hpc-compute-1", "hpc-compute-2"), ids(service.nodes("hpc")));
        assertEquals(Set.of("hpc-frontend-1", "hpc-compute-1", "hpc-compute-2"), setup.lastRun().configure());
        assertEquals(3, cloud.live().size(), "the lost one is not on the cloud any more");
        assertTrue(events.phases().contains("running: started with 3 of 4 node(s); left out: hpc-compute-3 (terminated: set by the test)"),
                events.phases().toString());
    }

    @Test
    void withAMinimumTheClusterSaysWhichNodesWereLeftOut() throws Exception {
        service.create("hpc", "plain", Map.of("compute.count", "3"));
        computeNodesDieAtLaunch();

        Cluster c = service.start("hpc", new StartOptions(3, null), Progress.none());

        assertEquals("started with 3 of 4 node(s); left out: hpc-compute-3 (terminated: set by the test)", c.stateReason());
        assertEquals(c, service.cluster("hpc"));
    }

    @Test
    void withAMinimumAndASetupTheClusterStillSaysWhichNodesWereLeftOut() throws Exception {
        service.create("hpc", "hpc", Map.of("compute.count", "3"));
        computeNodesDieAtLaunch();

        Cluster c = service.start("hpc", new StartOptions(3, null), Progress.none());

        assertEquals(SetupState.DONE, c.setup());
        assertEquals("started with 3 of 4 node(s); left out: hpc-compute-3 (terminated: set by the test)", c.stateReason());
    }

    @Test
    void withAMinimumNotReachedEverythingIsRolledBack() {
        service.create("hpc", "hpc", Map.of("compute.count", "3"));
        computeNodesDieAtLaunch();

        PhaseFailedException e = assertThrows(PhaseFailedException.class,
                () -> service.start("hpc", new StartOptions(4, null), Progress.none()));

        assertEquals(ClusterState.FAILED, e.cluster().state());
        assertEquals(Set.of(), cloud.live());
    }

    @Test
    void withAMinimumEachKindMustKeepItsMinCount() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("compute.count", "3");
        overrides.put("compute.minCount", "3");
        service.create("hpc", "hpc", overrides);
        computeNodesDieAtLaunch();

        PhaseFailedException e = assertThrows(PhaseFailedException.class,
                () -> service.start("hpc", new StartOptions(3, null), Progress.none()));

        assertEquals(ClusterState.FAILED, e.cluster().state(), "3 nodes came up, but only 2 of the 3 compute nodes it needs");
    }

    @Test
    void aMinimumOutsideTheClustersSizeIsRefusedBeforeAnythingIsLaunched() {
        service.create("hpc", "hpc", Map.of());
        assertThrows(InvalidRequestException.class, () -> service.start("hpc", new StartOptions(4, null), Progress.none()));
        assertThrows(InvalidRequestException.class, () -> service.start("hpc", new StartOptions(0, null), Progress.none()));
        assertEquals(List.of(), cloud.launches());
        assertEquals(ClusterState.CREATED, service.cluster("hpc").state());
    }

    @Test
    void whatTheTemplateAsksOfCloudAndSetupIsCheckedBeforeAnythingIsLaunched() {
        service.create("hpc", "hpc", Map.of("compute.image", "centos"));
        setup.problems = List.of("kinds.compute.setup.scripts[0]: no such file compute.sh");

        TemplateException e = assertThrows(TemplateException.class, () -> service.start("hpc", StartOptions.all(), Progress.none()));

        assertEquals(List.of("kinds.compute.image: unknown image 'centos' on cloud 'local'; available: img",
                "kinds.compute.setup.scripts[0]: no such file compute.sh"), e.errors());
        service.create("other", "ansible", Map.of());
        TemplateException missing = assertThrows(TemplateException.class,
                () -> service.start("other", StartOptions.all(), Progress.none()));
        assertEquals(List.of("setup.provider: 'ansible' is not deployed; deployed: fake"), missing.errors());
        assertEquals(List.of(), cloud.launches());
    }

    @Test
    void aRunningClusterIsNotStartedAgain() throws Exception {
        started("hpc");
        ConflictException e = assertThrows(ConflictException.class, () -> service.start("hpc", StartOptions.all(), Progress.none()));
        assertTrue(e.getMessage().contains("running already"), e.getMessage());
    }

    @Test
    void anInterruptedStartIsRolledBack() throws Exception {
        service.create("hpc", "hpc", Map.of());
        ssh.hangs("hpc-compute-2");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread starting = new Thread(() -> {
            try {
                // a long limit: the interruption, not the deadline, must end this start
                service.start("hpc", new StartOptions(null, Duration.ofSeconds(60)), Progress.none());
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        starting.start();
        assertTrue(ssh.hangStarted.await(10, TimeUnit.SECONDS), "the start is waiting for SSH");

        starting.interrupt(); // what Ctrl-C in the shell does
        starting.join(10_000);

        assertInstanceOf(InterruptedException.class, outcome.get());
        Cluster c = service.cluster("hpc");
        assertEquals(ClusterState.FAILED, c.state());
        assertEquals("start cancelled", c.stateReason());
        assertEquals(Set.of(), cloud.live());
    }

    // --- one phase at a time --------------------------------------------------------------------

    @Test
    void whileAPhaseRunsAnotherOneIsRefusedAndReconcileLeavesItAlone() throws Exception {
        service.create("hpc", "hpc", Map.of());
        service.create("other", "plain", Map.of());
        setup.hold = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread starting = new Thread(() -> {
            try {
                outcome.set(service.start("hpc", StartOptions.all(), Progress.none()));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        starting.start();
        try {
            assertTrue(setup.entered.await(10, TimeUnit.SECONDS), "the start is in its setup");

            ConflictException e = assertThrows(ConflictException.class, () -> service.resize("hpc", "compute", 1, Progress.none()));
            assertTrue(e.getMessage().startsWith("cluster 'hpc' is starting (since "), e.getMessage());
            assertThrows(ConflictException.class, () -> service.stop("hpc", Progress.none()));
            assertThrows(ConflictException.class, () -> service.start("hpc", StartOptions.all(), Progress.none()));
            assertThrows(ConflictException.class, () -> service.setup("hpc", Progress.none()));
            assertThrows(ConflictException.class, () -> service.delete("hpc"));
            assertEquals(ClusterState.STOPPED, service.stop("other", Progress.none()).state(), "other clusters are not held up");

            ReconcileReport r = service.reconcile(false);
            assertEquals(List.of(), r.phases(), "the setup is running: it is not finished for it");
            assertEquals(ClusterState.SETTING_UP, service.cluster("hpc").state());
        } finally {
            setup.hold.countDown();
            starting.join(10_000);
        }
        assertInstanceOf(Cluster.class, outcome.get());
        assertEquals(ClusterState.RUNNING, service.cluster("hpc").state());
        assertEquals(ClusterState.RUNNING, service.resize("hpc", "compute", 1, Progress.none()).state(), "free again");
    }

    // --- resize ---------------------------------------------------------------------------------

    @Test
    void growingAddsReadyNodesSetsThemUpAndRefreshesTheOthers() throws Exception {
        started("hpc");

        Cluster c = service.resize("hpc", "compute", 2, Progress.none());

        assertEquals(ClusterState.RUNNING, c.state());
        assertEquals(4, c.spec().kinds().get("compute").count());
        assertEquals(List.of("hpc-frontend-1", "hpc-compute-1", "hpc-compute-2", "hpc-compute-3", "hpc-compute-4"),
                ids(service.nodes("hpc")));
        SetupRun run = setup.lastRun();
        assertEquals(Set.of("hpc-compute-3", "hpc-compute-4"), run.configure());
        assertEquals(Set.of("hpc-frontend-1", "hpc-compute-1", "hpc-compute-2"), run.refresh());
        assertEquals(5, run.nodes().size(), "the setup sees the whole cluster");
        service.nodes("hpc").forEach(n -> assertNotNull(n.readyAt(), n.id()));
    }

    @Test
    void aGrowthThatFailsGivesItsNewNodesBack() throws Exception {
        started("hpc");
        Set<String> before = cloud.live();
        computeNodesDieAtLaunch();

        PhaseFailedException e = assertThrows(PhaseFailedException.class,
                () -> service.resize("hpc", "compute", 2, Progress.none()));

        assertTrue(e.getMessage().startsWith("cluster 'hpc' was not resized: "), e.getMessage());
        Cluster c = service.cluster("hpc");
        assertEquals(ClusterState.RUNNING, c.state(), "the nodes it had still run");
        assertTrue(c.stateReason().startsWith("resize failed: "), c.stateReason());
        assertEquals(2, c.spec().kinds().get("compute").count());
        assertEquals(List.of("hpc-frontend-1", "hpc-compute-1", "hpc-compute-2"), ids(service.nodes("hpc")));
        assertEquals(before, cloud.live());
    }

    @Test
    void shrinkingRemovesTheNewestNodesAndRefreshesTheOthers() throws Exception {
        started("hpc");
        service.resize("hpc", "compute", 1, Progress.none());
        String third = instanceOf("hpc-compute-3").cloudId();
        String second = instanceOf("hpc-compute-2").cloudId();

        Cluster c = service.resize("hpc", "compute", -2, Progress.none());

        assertEquals(1, c.spec().kinds().get("compute").count());
        assertEquals(List.of("hpc-frontend-1", "hpc-compute-1"), ids(service.nodes("hpc")));
        assertEquals(Set.of(third, second), Set.copyOf(cloud.terminated()));
        assertEquals(Set.of("hpc-compute-3", "hpc-compute-2"), Set.copyOf(ssh.forgotten));
        SetupRun run = setup.lastRun();
        assertEquals(Set.of(), run.configure());
        assertEquals(Set.of("hpc-frontend-1", "hpc-compute-1"), run.refresh());
    }

    @Test
    void aResizeThatMakesNoSenseIsRefused() throws Exception {
        service.create("hpc", "hpc", Map.of());
        ConflictException notStarted = assertThrows(ConflictException.class, () -> service.resize("hpc", "compute", 1, Progress.none()));
        assertEquals("cannot resize cluster 'hpc': it is created; start it first", notStarted.getMessage());
        service.start("hpc", StartOptions.all(), Progress.none());

        NotFoundException kind = assertThrows(NotFoundException.class, () -> service.resize("hpc", "gpu", 1, Progress.none()));
        assertEquals("cluster 'hpc' has no kind 'gpu'; kinds: frontend, compute", kind.getMessage());
        assertThrows(InvalidRequestException.class, () -> service.resize("hpc", "compute", 0, Progress.none()));
        InvalidRequestException tooMany = assertThrows(InvalidRequestException.class,
                () -> service.resize("hpc", "compute", -3, Progress.none()));
        assertEquals("cannot remove 3 compute node(s): cluster 'hpc' has 2", tooMany.getMessage());
        assertEquals(3, cloud.live().size());
    }

    @Test
    void aNodeAddedWithoutWaitingArrivesReadyThroughTheFuture() throws Exception {
        started("hpc");
        Machine added = service.addNode("hpc", "compute").get(10, TimeUnit.SECONDS);
        assertEquals("hpc-compute-3", added.id());
        assertNotNull(added.readyAt());
        assertEquals(3, service.cluster("hpc").spec().kinds().get("compute").count());
    }

    // --- stop and delete ------------------------------------------------------------------------

    @Test
    void stopDestroysEveryNodeAndTheClusterCanStartAgainWithNewIds() throws Exception {
        started("hpc");

        Cluster stopped = service.stop("hpc", Progress.none());

        assertEquals(ClusterState.STOPPED, stopped.state());
        assertEquals(SetupState.NOT_RUN, stopped.setup());
        assertEquals(Set.of(), cloud.live());
        assertEquals(List.of(), machines.ofCluster("hpc"));
        assertEquals(Set.of("hpc-frontend-1", "hpc-compute-1", "hpc-compute-2"), Set.copyOf(ssh.forgotten));

        service.start("hpc", StartOptions.all(), Progress.none());
        assertEquals(List.of("hpc-frontend-2", "hpc-compute-3", "hpc-compute-4"), ids(service.nodes("hpc")),
                "a node id is never given to another machine");
    }

    @Test
    void aStopTheCloudRefusesLeavesTheRecordsAndTheClusterFailed() throws Exception {
        started("hpc");
        cloud.terminateFails = true;

        PhaseFailedException e = assertThrows(PhaseFailedException.class, () -> service.stop("hpc", Progress.none()));

        assertEquals(ClusterState.FAILED, e.cluster().state());
        assertEquals("stop failed, nodes may remain: the fake cloud refuses to terminate", e.cluster().stateReason());
        assertEquals(3, machines.ofCluster("hpc").size());
        cloud.terminateFails = false;
        assertEquals(ClusterState.STOPPED, service.stop("hpc", Progress.none()).state(), "stopping again finishes it");
        assertEquals(Set.of(), cloud.live());
    }

    @Test
    void deleteRefusesAClusterWithLiveNodes() throws Exception {
        started("hpc");
        ConflictException e = assertThrows(ConflictException.class, () -> service.delete("hpc"));
        assertEquals("cluster 'hpc' has 3 node(s); stop it first (cluster:stop hpc)", e.getMessage());

        service.stop("hpc", Progress.none());
        service.delete("hpc");

        assertThrows(NotFoundException.class, () -> service.cluster("hpc"));
        assertEquals(List.of(), service.clusters());
    }

    // --- interrupted phases ---------------------------------------------------------------------

    /** What a Nubis that died in the middle of a phase leaves behind. */
    private void leftIn(ClusterState phase) {
        clusters.update(service.cluster("hpc").beginPhase(phase, Instant.now()));
    }

    @Test
    void aClusterLeftInAPhaseWaitsForReconcile() throws Exception {
        started("hpc");
        leftIn(ClusterState.STARTING);
        ConflictException e = assertThrows(ConflictException.class, () -> service.stop("hpc", Progress.none()));
        assertTrue(e.getMessage().contains("run cloud:reconcile"), e.getMessage());
        assertThrows(ConflictException.class, () -> service.delete("hpc"));
    }

    @Test
    void reconcileRollsBackAnInterruptedStart() throws Exception {
        started("hpc");
        leftIn(ClusterState.STARTING);

        ReconcileReport r = service.reconcile(false);

        assertEquals(List.of("hpc: rolled back the interrupted start"), r.phases());
        Cluster c = service.cluster("hpc");
        assertEquals(ClusterState.FAILED, c.state());
        assertEquals("starting was interrupted (Nubis stopped during it); rolled back", c.stateReason());
        assertEquals(Set.of(), cloud.live());
        reasons().values().forEach(why -> assertEquals("destroyed: starting was interrupted (Nubis stopped during it); rolled back", why));
    }

    @Test
    void reconcileFinishesAnInterruptedStop() throws Exception {
        started("hpc");
        leftIn(ClusterState.STOPPING);

        assertEquals(List.of("hpc: finished the interrupted stop"), service.reconcile(false).phases());

        assertEquals(ClusterState.STOPPED, service.cluster("hpc").state());
        assertEquals(Set.of(), cloud.live());
        assertEquals(List.of(), machines.ofCluster("hpc"));
    }

    @Test
    void reconcileEndsAnInterruptedSetupAsFailed() throws Exception {
        started("hpc");
        leftIn(ClusterState.SETTING_UP);

        service.reconcile(false);

        Cluster c = service.cluster("hpc");
        assertEquals(ClusterState.RUNNING, c.state());
        assertEquals(SetupState.FAILED, c.setup());
        assertEquals("setting-up was interrupted (Nubis stopped during it)", c.setupMessage());
        assertEquals(3, cloud.live().size(), "the nodes themselves are fine");
    }

    @Test
    void reconcileRemovesTheNodesAnInterruptedGrowthHadNotMadeReady() throws Exception {
        started("hpc");
        // A growth that had launched one more node, not yet ready, when Nubis died.
        CloudInstance launched = cloud.add(InstanceState.RUNNING, Map.of(NubisTags.OWNER, "lab-1", NubisTags.CLUSTER, "hpc"));
        machines.save(List.of(Machine.plannedNode("hpc-compute-3", "hpc", "compute", "local", "admin", "img", "small", "L2",
                Instant.now()).withCloud(launched)));
        leftIn(ClusterState.RESIZING);

        assertEquals(List.of("hpc: rolled back the interrupted resize"), service.reconcile(false).phases());

        Cluster c = service.cluster("hpc");
        assertEquals(ClusterState.RUNNING, c.state());
        assertEquals("resizing was interrupted (Nubis stopped during it); nodes that were not ready were removed", c.stateReason());
        assertEquals(List.of("hpc-frontend-1", "hpc-compute-1", "hpc-compute-2"), ids(service.nodes("hpc")));
        assertEquals(List.of(launched.cloudId()), cloud.terminated());
    }
}
