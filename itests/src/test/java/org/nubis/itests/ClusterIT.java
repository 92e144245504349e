package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nubis.api.ConflictException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplates;
import org.nubis.api.cluster.PhaseFailedException;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.cluster.TemplateException;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.ops4j.pax.exam.util.Filter;

/** Clusters end to end in the real distribution on the real local cloud. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ClusterIT extends NubisTestSupport {

    private static final long LONG = 300_000L;

    @Inject
    @Filter(timeout = 120_000)
    ClusterService clusters;

    @Inject
    @Filter(timeout = 120_000)
    ClusterTemplates templates;

    @Inject
    @Filter(timeout = 120_000)
    SshEngine ssh;

    @Test
    public void aClusterLivesThroughStartSetupResizeAndStop() throws Exception {
        assertContains("demo", executeCommand("cluster:templates", LONG, true));
        executeCommand("cluster:create --template demo --set compute.count=4 life", LONG, true);
        try {
            String started = executeCommand("cluster:start life", LONG, true);
            assertContains("Cluster life is running with 5 node(s)", started);
            assertContains("[setting-up]", started);
            Cluster c = clusters.cluster("life");
            assertEquals(ClusterState.RUNNING, c.state());
            assertEquals(SetupState.DONE, c.setup());
            List<Machine> nodes = clusters.nodes("life");
            assertEquals(5, nodes.size());
            nodes.forEach(n -> assertEquals(SetupState.DONE, n.setup()));
            Machine frontend = kind(nodes, "frontend").get(0);
            assertEquals(kind(nodes, "compute").stream().map(Machine::id).collect(Collectors.toSet()),
                    Set.of(run(frontend, "cat workers").split("\n")));
            for (Machine n : kind(nodes, "compute")) {
                assertEquals(frontend.id(), run(n, "cat frontend").strip());
            }
            assertEquals("5", run(frontend, "wc -l < cluster-hosts").strip());
            JsonNode shown = JSON.readTree(executeCommand("cluster:show --json life", LONG, true));
            assertEquals(5, shown.path("nodes").size());
            assertEquals("done", shown.path("cluster").path("setup").asText());
            String inventory = executeCommand("cluster:inventory life", LONG, true);
            assertContains("[master]", inventory);
            assertContains("[worker]", inventory);
            assertContains(frontend.id() + " ansible_host=", inventory);

            // Growth: only the new nodes are configured; the others learn about them.
            String grown = executeCommand("cluster:resize life +2 compute", LONG, true);
            assertContains("now has 6 compute node(s), 7 in all", grown);
            List<Machine> after = clusters.nodes("life");
            Set<String> added = new HashSet<>(ids(kind(after, "compute")));
            added.removeAll(ids(kind(nodes, "compute")));
            assertEquals(2, added.size());
            assertEquals("7", run(frontend, "wc -l < cluster-hosts").strip());
            assertEquals("the frontend's own script did not run again", 4, run(frontend, "cat workers").split("\n").length);
            for (Machine n : after) {
                assertEquals(SetupState.DONE, n.setup());
            }

            // Shrink: the newest go; the rest are refreshed.
            assertContains("now has 3 compute node(s)", executeCommand("cluster:resize life -3 compute", LONG, true));
            List<Machine> shrunk = clusters.nodes("life");
            assertEquals(4, shrunk.size());
            assertTrue("the newest nodes are the ones that went", ids(shrunk).stream().noneMatch(added::contains));
            assertEquals("4", run(frontend, "wc -l < cluster-hosts").strip());

            // One more node, started asynchronously: the caller gets a future at once.
            java.util.concurrent.CompletableFuture<Machine> extra = clusters.addNode("life", "compute");
            Machine one = extra.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("compute", one.kind());
            assertEquals(SetupState.DONE, clusters.nodes("life").stream().filter(n -> n.id().equals(one.id())).findFirst().get().setup());
            assertEquals("frontend", "5", run(frontend, "wc -l < cluster-hosts").strip());

            executeCommand("cluster:stop life", LONG, true);
            assertEquals(ClusterState.STOPPED, clusters.cluster("life").state());
            assertEquals(0, liveInstancesOf("life"));
        } finally {
            cleanUp("life");
        }
    }

    @Test
    public void aStartThatCannotCompleteLeavesTheCloudExactlyAsTheRecordsSay() throws Exception {
        templates.save("faulty", """
                startTimeout: 20
                kinds:
                  head: {count: 1}
                  compute: {count: 4}
                  straggler:
                    count: 1
                    minCount: 0
                    options: {"tag:localcloud:fault": never-reachable}
                """);
        clusters.create("faulty", "faulty", Map.of());
        try {
            // Without a minimum: the straggler never answers, so everything is destroyed.
            try {
                clusters.start("faulty", new StartOptions(null, Duration.ofSeconds(20)), Progress.none());
                fail("a node that never answers must fail the start");
            } catch (PhaseFailedException e) {
                assertContains("faulty-straggler-1", e.getMessage());
            }
            Cluster failed = clusters.cluster("faulty");
            assertEquals(ClusterState.FAILED, failed.state());
            List<Machine> marked = clusters.nodes("faulty");
            assertEquals(6, marked.size());
            marked.forEach(n -> assertEquals(InstanceState.TERMINATED, n.state()));
            assertContains("SSH", marked.stream().filter(n -> n.kind().equals("straggler")).findFirst().get().stateReason());
            assertEquals(0, liveInstancesOf("faulty"));

            // With a minimum: the cluster keeps what came up, and only that.
            Cluster kept = clusters.start("faulty", new StartOptions(3, Duration.ofSeconds(15)), Progress.none());
            assertEquals(ClusterState.RUNNING, kept.state());
            assertEquals(0, kept.spec().kinds().get("straggler").count());
            assertContains("left out: faulty-straggler-", kept.stateReason());
            assertCloudMatchesRecords("faulty");
            clusters.stop("faulty", Progress.none());

            // 30% of boots fail: whatever happens, the cloud holds exactly what the records say.
            LocalCloudApi.ofKaraf().put("/v1/knobs", Map.of("failureRate", 0.3));
            try {
                Cluster random = clusters.start("faulty", new StartOptions(2, Duration.ofSeconds(15)), Progress.none());
                assertEquals(ClusterState.RUNNING, random.state());
            } catch (PhaseFailedException e) {
                assertEquals(ClusterState.FAILED, clusters.cluster("faulty").state());
            } finally {
                LocalCloudApi.ofKaraf().put("/v1/knobs", Map.of("failureRate", 0.0));
            }
            assertCloudMatchesRecords("faulty");
        } finally {
            cleanUp("faulty");
        }
    }

    @Test
    public void badInputIsRefusedWithClearMessages() throws Exception {
        try {
            templates.save("broken", "kinds:\n  compute: {count: lots, flavour: x}\nstartTimeout: -1\n");
            fail("a broken template must not be saved");
        } catch (TemplateException e) {
            assertEquals(e.errors().toString(), 3, e.errors().size());
            assertContains("broken.yaml", e.getMessage());
        }
        assertContains("no cluster template 'nosuch'", shellError("cluster:create --template nosuch x"));
        assertContains("unknown kind 'gpu'", shellError("cluster:create --template demo --set gpu.count=2 x"));
        assertContains("'$(id)' is not a flavor's id or name", shellError("cluster:create --template demo --set 'compute.flavor=$(id)' x"));
        assertContains("'../../x' is not a cloud's name", shellError("cluster:create --template demo --set cloud=../../x x"));
        executeCommand("cluster:create --template demo dup", LONG, true);
        try {
            assertContains("already exists", shellError("cluster:create --template demo dup"));
            assertContains("start it first", shellError("cluster:resize dup +1 compute"));
            assertContains("change must be +N or -N", shellError("cluster:resize dup 3 compute"));

            // A stop while the start is under way is refused; the start goes on.
            LocalCloudApi.ofKaraf().put("/v1/knobs", Map.of("bootDelayMs", 3000));
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread starting = new Thread(() -> {
                try {
                    outcome.set(clusters.start("dup", StartOptions.all(), Progress.none()));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            starting.start();
            waitFor(() -> clusters.cluster("dup").state() == ClusterState.STARTING);
            try {
                clusters.stop("dup", Progress.none());
                fail("a stop during a start must be refused");
            } catch (ConflictException e) {
                assertContains("is starting", e.getMessage());
            }
            starting.join(120_000);
            LocalCloudApi.ofKaraf().put("/v1/knobs", Map.of("bootDelayMs", 0));
            assertTrue(String.valueOf(outcome.get()), outcome.get() instanceof Cluster);

            try {
                clusters.resize("dup", "gpu", 1, Progress.none());
                fail("unknown kind");
            } catch (NotFoundException e) {
                assertContains("has no kind 'gpu'; kinds: frontend, compute", e.getMessage());
            }
            try {
                clusters.resize("dup", "compute", -5, Progress.none());
                fail("below zero");
            } catch (InvalidRequestException e) {
                assertContains("cannot remove 5 compute node(s)", e.getMessage());
            }
            assertContains("stop it first", shellError("cluster:delete dup"));
        } finally {
            LocalCloudApi.ofKaraf().put("/v1/knobs", Map.of("bootDelayMs", 0));
            cleanUp("dup");
        }
    }

    @Test
    public void reconcileAdoptsKnownInstancesAndReportsOrphans() throws Exception {
        LocalCloudApi cloud = LocalCloudApi.ofKaraf();
        // An instance launched behind Nubis's back, with this Nubis's owner tag (set by NubisTestSupport).
        String owner = NubisTestSupport.OWNER;
        JsonNode launched = cloud.post("/v1/instances", Map.of("count", 1, "tags",
                Map.of("nubis:owner", owner, "nubis:experiment", "ghost"), "publicKeys", List.of()));
        String orphan = launched.path("instances").get(0).path("id").asText();
        String report = executeCommand("cloud:reconcile", LONG, true);
        assertContains(orphan, report);
        assertContains("Orphans", report);
        assertEquals("running or pending", false, "terminated".equals(cloud.instance(orphan).path("state").asText()));
        String destroyed = executeCommand("cloud:reconcile --destroy-orphans", LONG, true);
        assertContains("Destroyed:", destroyed);
        assertTrue(waitFor(() -> state(cloud, orphan).equals("terminated")));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String state(LocalCloudApi cloud, String id) {
        try {
            return cloud.instance(id).path("state").asText();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private String run(Machine n, String command) throws InterruptedException {
        CommandResult r = ssh.run(List.of(new SshTarget(n.id(), n.publicHost(), n.sshPort(), n.sshUser())), command,
                Duration.ofSeconds(30), Progress.none()).get(0);
        assertTrue(n.id() + ": " + command + " -> " + r, r.succeeded());
        return r.stdout();
    }

    private static List<Machine> kind(List<Machine> nodes, String kind) {
        return nodes.stream().filter(n -> n.kind().equals(kind)).toList();
    }

    private static List<String> ids(List<Machine> nodes) {
        return nodes.stream().map(Machine::id).toList();
    }

    private static long liveInstancesOf(String cluster) throws Exception {
        return LocalCloudApi.ofKaraf().live().stream().filter(i -> cluster.equals(i.path("tags").path("nubis:cluster").asText())).count();
    }

    /** The cloud's live instances of the cluster are exactly the nodes on record as not terminated. */
    private void assertCloudMatchesRecords(String cluster) throws Exception {
        Set<String> inCloud = LocalCloudApi.ofKaraf().live().stream()
                .filter(i -> cluster.equals(i.path("tags").path("nubis:cluster").asText()))
                .map(i -> i.path("id").asText()).collect(Collectors.toSet());
        Set<String> onRecord = clusters.nodes(cluster).stream().filter(n -> n.state() != InstanceState.TERMINATED)
                .map(Machine::cloudId).collect(Collectors.toSet());
        assertEquals(onRecord, inCloud);
    }

    private String shellError(String command) {
        try {
            String out = executeCommand(command, LONG, true);
            fail("expected '" + command + "' to fail, but it printed: " + out);
            return null;
        } catch (RuntimeException e) {
            assertFalse("one line expected: " + e.getMessage(), e.getMessage().contains("\n"));
            return e.getMessage();
        }
    }

    private void cleanUp(String name) {
        try {
            Cluster c = clusters.cluster(name);
            assertNotNull(c);
            clusters.stop(name, Progress.none());
            clusters.delete(name);
        } catch (Exception e) {
            System.err.println("cleaning up cluster " + name + ": " + e.getMessage());
        }
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
