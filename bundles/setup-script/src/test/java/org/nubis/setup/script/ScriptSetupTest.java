package org.nubis.setup.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.Progress;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.NodeSetupResult;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshTarget;
import org.nubis.ssh.internal.FileSshIdentity;
import org.nubis.ssh.internal.MinaSshEngine;
import org.nubis.ssh.internal.PinnedHostKeys;

/**
 * The script provider with the real SSH engine against instances of the real local cloud. Each
 * test gets its own instances (and so its own node ids, host keys and sandbox directories).
 */
class ScriptSetupTest {

    @TempDir
    static Path shared;
    private static LocalCloud cloud;
    private static MinaSshEngine engine;
    private static FileSshIdentity identity;

    @TempDir
    Path templateDir;
    private CountingEngine counting;
    private ScriptSetupProvider provider;
    private final List<String> launched = new ArrayList<>();

    @BeforeAll
    static void startTheCloud() throws Exception {
        cloud = LocalCloud.start(shared.resolve("localcloud"));
        TestSshConfig config = new TestSshConfig(shared.resolve("keys")); // a key pair made now, for this run only
        identity = new FileSshIdentity(config);
        engine = new MinaSshEngine(identity, new PinnedHostKeys(config), config);
    }

    @AfterAll
    static void stopTheCloud() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @BeforeEach
    void newProvider() {
        counting = new CountingEngine(engine);
        provider = new ScriptSetupProvider(counting);
    }

    @AfterEach
    void terminate() throws Exception {
        provider.deactivate();
        cloud.terminate(launched);
    }

    @Test
    void configuresNodesOfTwoKindsWithTheirScriptsAndWritesTheClusterFacts() throws Exception {
        script("scripts/common.sh", "#!/bin/sh\nset -e\necho \"common on $NUBIS_NODE\"\necho \"$NUBIS_NODE $NUBIS_KIND\" > common.out\n");
        script("scripts/frontend.sh", "#!/bin/sh\necho \"$NUBIS_NODES_COMPUTE\" > computes.out\nprintf '%s' \"$GREETING\" > greeting.out\n");
        // No #! and not executable: still runs (sh runs it), and from the login directory.
        Path compute = templateDir.resolve("compute.sh");
        Files.writeString(compute, "grep ' frontend ' .nubis/hosts | cut -d' ' -f2 > frontend.out\npwd > pwd.out\n");
        Files.setPosixFilePermissions(compute, PosixFilePermissions.fromString("rw-r--r--"));
        String greeting = "it's \"quoted\" $HOME `x`\nline 2";
        ClusterTemplate template = template("t1", Map.of("GREETING", greeting, "PORT", "8080"),
                kind("frontend", List.of("scripts/common.sh", "scripts/frontend.sh"), List.of()),
                kind("compute", List.of("scripts/common.sh", compute.toString()), List.of()));
        assertEquals(List.of(), provider.validate(template));
        List<Machine> nodes = new ArrayList<>(nodes("t1", "frontend", 1));
        nodes.addAll(nodes("t1", "compute", 2));
        Set<Integer> counts = ConcurrentHashMap.newKeySet();
        List<String> reported = new CopyOnWriteArrayList<>();
        Progress<NodeSetupResult> progress = (result, done, total) -> {
            assertEquals(3, total);
            counts.add(done);
            reported.add(result.nodeId());
        };

        SetupReport report = provider.apply(run(template, nodes, ids(nodes), Set.of(), Duration.ofSeconds(30), progress));

        assertEquals(ids(nodes), report.results().stream().map(NodeSetupResult::nodeId).toList(), "one result per node, in order");
        for (NodeSetupResult result : report.results()) {
            assertTrue(result.ok(), result.nodeId() + ": " + result.message() + "\n" + result.log());
            assertNull(result.message());
            assertTrue(result.log().contains("common on " + result.nodeId()), result.log());
            assertTrue(result.duration().compareTo(Duration.ZERO) > 0);
        }
        assertEquals(Set.of(1, 2, 3), counts);
        assertEquals(Set.copyOf(ids(nodes)), Set.copyOf(reported));

        Machine frontend = nodes.get(0);
        Machine compute2 = nodes.get(2);
        String hosts = nodes.stream().map(n -> "127.0.0.1 " + n.id() + " " + n.kind() + " " + n.sshPort() + "\n")
                .collect(Collectors.joining());
        for (Machine node : nodes) {
            assertEquals(hosts, sh(node, "cat .nubis/hosts"));
            assertEquals(node.id() + " " + node.kind() + "\n", sh(node, "cat common.out"));
        }
        assertEquals("""
                # Written by Nubis (script setup) for node t1-compute-2 of cluster t1.
                # Sourced before every setup script: . ./.nubis/cluster.env
                export NUBIS_CLUSTER='t1'
                export NUBIS_NODE='t1-compute-2'
                export NUBIS_KIND='compute'
                export NUBIS_NODES='t1-frontend-1 t1-compute-1 t1-compute-2'
                export NUBIS_NODES_FRONTEND='t1-frontend-1'
                export NUBIS_NODES_COMPUTE='t1-compute-1 t1-compute-2'
                export GREETING='it'\\''s "quoted" $HOME `x`
                line 2'
                export PORT='8080'
                """, sh(compute2, "cat .nubis/cluster.env"));
        assertEquals("-rw-------\n", sh(compute2, "ls -l .nubis/cluster.env | cut -c1-10"), "vars may be secrets");
        assertEquals("t1-compute-1 t1-compute-2\n", sh(frontend, "cat computes.out"));
        assertEquals(greeting, sh(frontend, "cat greeting.out"), "values survive quoting");
        assertEquals("t1-frontend-1\n", sh(compute2, "cat frontend.out"));
        assertEquals(sh(compute2, "pwd"), sh(compute2, "cat pwd.out"), "scripts run in the login directory");

        // Each step is one fan-out: mkdir on all; hosts to all; then per step one run per distinct script.
        List<CountingEngine.Call> runs = counting.calls().stream().filter(c -> c.kind().equals("run")).toList();
        assertEquals(List.of(3, 3, 2, 1), sortedSizes(runs), runs.toString());
        assertEquals("mkdir -p .nubis/scripts", runs.get(0).what());
        assertEquals(3, runs.get(1).targets().size(), "common.sh, shared by both kinds, is one fan-out: " + runs);
        List<CountingEngine.Call> puts = counting.calls().stream().filter(c -> c.kind().equals("put")).toList();
        Map<String, Integer> putTargets = new LinkedHashMap<>();
        puts.forEach(c -> putTargets.merge(c.what(), c.targets().size(), Integer::sum));
        assertEquals(Map.of(".nubis/hosts", 3, ".nubis/cluster.env", 3, ".nubis/scripts/common.sh", 3,
                ".nubis/scripts/frontend.sh", 1, ".nubis/scripts/compute.sh", 2), putTargets);
        assertEquals(1, puts.stream().filter(c -> c.what().equals(".nubis/hosts")).count());
        assertEquals(1, puts.stream().filter(c -> c.what().endsWith("common.sh")).count(), "a shared script is one fan-out");
    }

    @Test
    void aFailingScriptFailsExactlyItsNodeWithTheScriptAndExitStatus() throws Exception {
        script("check.sh", """
                #!/bin/sh
                if [ "$NUBIS_NODE" = "$FAIL_ON" ]; then
                    echo "checking"
                    echo "warning: slow network" >&2
                    echo "cannot reach frontend" >&2
                    exit 3
                fi
                """);
        script("after.sh", "#!/bin/sh\ntouch after.done\n");
        ClusterTemplate template = template("t2", Map.of("FAIL_ON", "t2-compute-2"),
                kind("compute", List.of("check.sh", "after.sh"), List.of()));
        List<Machine> nodes = nodes("t2", "compute", 3);

        SetupReport report = provider.apply(run(template, nodes, ids(nodes), Set.of(), Duration.ofSeconds(30), null));

        Map<String, NodeSetupResult> results = byNode(report);
        NodeSetupResult failed = results.get("t2-compute-2");
        assertFalse(failed.ok());
        assertEquals("check.sh exited 3: cannot reach frontend", failed.message());
        assertTrue(failed.log().contains("warning: slow network") && failed.log().contains("checking"), failed.log());
        assertEquals(List.of(failed), report.failures());
        assertEquals("no\n", sh(nodes.get(1), "test -e after.done && echo yes || echo no"), "a node stops at its first failure");
        for (Machine node : List.of(nodes.get(0), nodes.get(2))) {
            assertTrue(results.get(node.id()).ok(), results.get(node.id()).toString());
            assertEquals("yes\n", sh(node, "test -e after.done && echo yes || echo no"));
        }
    }

    @Test
    void aRefreshOnlyNodeRunsOnlyItsRefreshScriptsAndLearnsTheNewNodes() throws Exception {
        script("head-setup.sh", "#!/bin/sh\necho setup >> runs.log\n");
        script("head-refresh.sh", "#!/bin/sh\necho \"refresh $(wc -l < .nubis/hosts) $NUBIS_NODES_WORKER\" >> runs.log\n");
        script("worker-setup.sh", "#!/bin/sh\necho setup >> runs.log\n");
        ClusterTemplate template = template("t3", Map.of(),
                kind("head", List.of("head-setup.sh"), List.of("head-refresh.sh")),
                kind("worker", List.of("worker-setup.sh"), List.of()));
        List<Machine> first = new ArrayList<>(nodes("t3", "head", 1));
        first.addAll(nodes("t3", "worker", 1));
        SetupReport initial = provider.apply(run(template, first, ids(first), Set.of(), Duration.ofSeconds(30), null));
        assertEquals(List.of(), initial.failures());

        // A resize: one more worker to configure; the others learn about it.
        Machine worker2 = nodes("t3", "worker", 1, 2).get(0);
        List<Machine> all = List.of(first.get(0), first.get(1), worker2);
        counting.reset();
        SetupReport resized = provider.apply(run(template, all, Set.of("t3-worker-2"), Set.of("t3-head-1", "t3-worker-1"),
                Duration.ofSeconds(30), null));

        assertEquals(List.of(), resized.failures(), resized.toString());
        assertEquals(3, resized.results().size());
        assertEquals("setup\nrefresh 3 t3-worker-1 t3-worker-2\n", sh(all.get(0), "cat runs.log"));
        assertEquals("setup\n", sh(all.get(1), "cat runs.log"), "a kind without refresh scripts only gets new facts");
        assertEquals("setup\n", sh(worker2, "cat runs.log"));
        for (Machine node : all) {
            assertEquals(3, sh(node, "cat .nubis/hosts").lines().count());
            assertTrue(sh(node, "cat .nubis/cluster.env").contains("export NUBIS_NODES_WORKER='t3-worker-1 t3-worker-2'"));
        }
        assertTrue(counting.calls().stream().noneMatch(c -> c.what().contains("head-setup.sh")),
                "the refreshed head does not run its setup again: " + counting.calls());
    }

    @Test
    void nodesNotDoneByTheDeadlineTimeOutAndTheOthersFinish() throws Exception {
        script("slow.sh", "#!/bin/sh\necho $$ > slow.pid\nsleep 30\ntouch slow.done\n");
        script("fast.sh", "#!/bin/sh\ntouch fast.done\n");
        ClusterTemplate template = template("t4", Map.of(),
                kind("slow", List.of("slow.sh"), List.of()), kind("fast", List.of("fast.sh"), List.of()));
        List<Machine> nodes = new ArrayList<>(nodes("t4", "slow", 1));
        nodes.addAll(nodes("t4", "fast", 1));
        List<NodeSetupResult> reported = new CopyOnWriteArrayList<>();

        long started = System.nanoTime();
        SetupReport report = provider.apply(run(template, nodes, ids(nodes), Set.of(), Duration.ofSeconds(2),
                (result, done, total) -> reported.add(result)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
        NodeSetupResult slow = byNode(report).get("t4-slow-1");
        assertFalse(slow.ok());
        assertEquals("setup timed out after 2 s", slow.message());
        assertTrue(slow.log().contains("while running slow.sh"), slow.log());
        assertTrue(byNode(report).get("t4-fast-1").ok(), report.toString());
        assertEquals(2, reported.size());
        assertEquals("yes\n", sh(nodes.get(1), "test -e fast.done && echo yes || echo no"));
        awaitStopped(nodes.get(0));
    }

    /** The engine stops a script when the setup gives up on it: slow.sh's shell (pid in slow.pid) ends. */
    private static void awaitStopped(Machine node) throws InterruptedException {
        String check = "kill -0 $(cat slow.pid) 2>/dev/null && echo running || echo stopped";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!sh(node, check).equals("stopped\n")) {
            assertTrue(System.nanoTime() < deadline, "slow.sh still runs on " + node.id());
            Thread.sleep(100);
        }
    }

    @Test
    void anInterruptedSetupStopsAndThrows() throws Exception {
        script("slow.sh", "#!/bin/sh\necho $$ > slow.pid\nsleep 30\n");
        ClusterTemplate template = template("t5", Map.of(), kind("slow", List.of("slow.sh"), List.of()));
        List<Machine> nodes = nodes("t5", "slow", 1);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.complete(provider.apply(run(template, nodes, ids(nodes), Set.of(), Duration.ofSeconds(60), null)));
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        caller.start();
        // Interrupt once the script is running.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (counting.calls().stream().noneMatch(c -> c.what().contains("slow.sh") && c.kind().equals("run"))) {
            assertTrue(System.nanoTime() < deadline, "the script never started: " + counting.calls());
            Thread.sleep(20);
        }
        Thread.sleep(300);
        long interrupted = System.nanoTime();
        caller.interrupt();
        Object result = outcome.get(15, TimeUnit.SECONDS);
        assertInstanceOf(InterruptedException.class, result, String.valueOf(result));
        assertTrue(System.nanoTime() - interrupted < TimeUnit.SECONDS.toNanos(10));
        awaitStopped(nodes.get(0));
    }

    // --- helpers

    private Path script(String relative, String text) throws IOException {
        Path file = templateDir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static NodeKind kind(String name, List<String> setup, List<String> refresh) {
        return new NodeKind(name, 1, 1, null, null, List.of(), setup, refresh, Map.of());
    }

    private ClusterTemplate template(String name, Map<String, String> vars, NodeKind... kinds) throws IOException {
        Path file = templateDir.resolve(name + ".yaml");
        Files.writeString(file, "# the template's text is not read by the provider\n");
        Map<String, NodeKind> byName = new LinkedHashMap<>();
        for (NodeKind kind : kinds) {
            byName.put(kind.name(), kind);
        }
        return new ClusterTemplate(name, "local", null, byName, ScriptSetupProvider.NAME, vars, Map.of(), 60, 60,
                file.toString());
    }

    /** Launches instances on the local cloud for nodes {@code CLUSTER-KIND-first..}. */
    private List<Machine> nodes(String cluster, String kind, int count, int first) throws Exception {
        List<LocalCloud.Instance> instances = cloud.launch(count, identity.publicKey(), cluster);
        List<Machine> nodes = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            launched.add(instances.get(i).id());
            nodes.add(instances.get(i).node(cluster + "-" + kind + "-" + (first + i), cluster, kind));
        }
        return nodes;
    }

    private List<Machine> nodes(String cluster, String kind, int count) throws Exception {
        return nodes(cluster, kind, count, 1);
    }

    private SetupRun run(ClusterTemplate template, List<Machine> nodes, Iterable<String> configure, Set<String> refresh,
                         Duration timeout, Progress<NodeSetupResult> progress) {
        Instant now = Instant.now();
        Cluster cluster = new Cluster(template.name(), template.name(), template, ClusterState.SETTING_UP, null,
                SetupState.RUNNING, null, now, now, null);
        Set<String> configured = new java.util.HashSet<>();
        configure.forEach(configured::add);
        return new SetupRun(cluster, nodes, configured, refresh, templateDir, timeout,
                progress == null ? Progress.none() : progress);
    }

    private static List<String> ids(List<Machine> nodes) {
        return nodes.stream().map(Machine::id).toList();
    }

    private static Map<String, NodeSetupResult> byNode(SetupReport report) {
        return report.results().stream().collect(Collectors.toMap(NodeSetupResult::nodeId, Function.identity()));
    }

    private static List<Integer> sortedSizes(List<CountingEngine.Call> calls) {
        return calls.stream().map(c -> c.targets().size()).sorted(java.util.Comparator.reverseOrder()).toList();
    }

    /** Runs a command on a node over SSH (the same engine, so the same pinned host key) and returns its stdout. */
    private static String sh(Machine node, String command) throws InterruptedException {
        CommandResult result = engine.run(List.of(new SshTarget(node.id(), node.publicHost(), node.sshPort(),
                node.sshUser())), command, Duration.ofSeconds(10), null).get(0);
        assertTrue(result.succeeded(), command + " on " + node.id() + ": " + result);
        return result.stdout();
    }
}
