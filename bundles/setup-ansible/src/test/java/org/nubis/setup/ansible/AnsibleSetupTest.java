package org.nubis.setup.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.NotFoundException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.AdHocCommands.AdHocResult;
import org.nubis.api.setup.NodeSetupResult;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshTarget;
import org.nubis.setup.script.LocalCloud;
import org.nubis.setup.script.TestSshConfig;
import org.nubis.ssh.internal.FileSshIdentity;
import org.nubis.ssh.internal.MinaSshEngine;
import org.nubis.ssh.internal.PinnedHostKeys;

/**
 * The ansible provider with the real ansible-playbook against sandboxes of the real local cloud,
 * running the playbooks shipped in etc/nubis/playbooks. Host keys are pinned by Nubis's own SSH
 * engine first, as the cluster's start does; Ansible then checks them strictly. Each test gets its
 * own instances.
 */
class AnsibleSetupTest {

    @TempDir
    static Path shared;
    private static LocalCloud cloud;
    private static MinaSshEngine engine;
    private static FileSshIdentity identity;
    private static PinnedHostKeys pins;
    private static LocalAnsible ansible;
    private static AnsibleSetupProvider provider;
    private static Path workDir;

    @TempDir
    Path templateDir;
    private final List<String> launched = new ArrayList<>();

    @BeforeAll
    static void startTheCloud() throws Exception {
        RealAnsible.require();
        cloud = LocalCloud.start(shared.resolve("localcloud"));
        TestSshConfig config = new TestSshConfig(shared.resolve("keys"));
        identity = new FileSshIdentity(config);
        pins = new PinnedHostKeys(config);
        engine = new MinaSshEngine(identity, pins, config);
        workDir = shared.resolve("work");
        ansible = new LocalAnsible(identity, pins, TestConfig.in(workDir));
        provider = new AnsibleSetupProvider(ansible);
    }

    @AfterAll
    static void stopTheCloud() throws Exception {
        if (ansible != null) {
            ansible.deactivate();
        }
        if (engine != null) {
            engine.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @AfterEach
    void terminate() throws Exception {
        cloud.terminate(launched);
    }

    @Test
    void configuresACluster_thenOnlyItsNewNodes_andRefreshesTheOthers() throws Exception {
        Map<String, String> outside = machineState();
        Path clusters = RealAnsible.etc().resolve("nubis/clusters");
        NodeKind frontend = new NodeKind("frontend", 1, -1, null, null, List.of("master"),
                List.of("../playbooks/common.yml"), List.of("../playbooks/hosts.yml"), Map.of());
        NodeKind compute = new NodeKind("compute", 3, -1, null, null, List.of("worker"),
                List.of("../playbooks/common.yml"), List.of("../playbooks/hosts.yml"), Map.of());
        ClusterTemplate template = template("e1", clusters.resolve("e1-test.yaml"),
                Map.of("greeting", "it's \"quoted\" $HOME", "PORT", "8080"), frontend, compute);
        assertEquals(List.of(), provider.validate(template));
        List<Machine> first = new ArrayList<>(nodes("e1", "frontend", 1, 1));
        first.addAll(nodes("e1", "compute", 3, 1));
        Set<Integer> counts = ConcurrentHashMap.newKeySet();
        Progress<NodeSetupResult> progress = (result, done, total) -> {
            assertEquals(4, total);
            counts.add(done);
        };

        SetupReport report = provider.apply(run(template, clusters, first, ids(first), Set.of(), 60, progress));

        assertEquals(ids(first), report.results().stream().map(NodeSetupResult::nodeId).toList());
        for (NodeSetupResult r : report.results()) {
            assertTrue(r.ok(), r.nodeId() + ": " + r.message() + "\n" + r.log());
            assertTrue(r.message().matches("ok=\\d+ changed=\\d+"), r.message());
            assertTrue(r.log().contains("TASK [Nubis environment file]"), r.log());
        }
        assertEquals(Set.of(1, 2, 3, 4), counts);
        Path runDir = runDir(report.results().get(0));
        assertTrue(Files.readString(runDir.resolve("ansible.log")).contains("PLAY RECAP"));
        assertTrue(Files.readString(runDir.resolve("ansible.cfg")).contains("\nforks = 4\n"), "one fork per node of the run");
        for (Machine node : first) {
            assertEquals(hostsBlock("e1", first), sh(node, "cat etc/hosts"));
            assertEquals("data\nresults\nscratch\n", sh(node, "ls opt/nubis"));
            assertEquals("-rw-------\n", sh(node, "ls -l etc/nubis.env | cut -c1-10"), "vars may be secrets");
            String dir = sh(node, "pwd").strip();
            assertEquals("# Written by Nubis (ansible setup) for node " + node.id() + " of cluster e1.\n"
                    + "NUBIS_CLUSTER=e1\nNUBIS_NODE=" + node.id() + "\nNUBIS_KIND=" + node.kind() + "\n"
                    + "NUBIS_ROOT=" + dir + "\ngreeting='it'\"'\"'s \"quoted\" $HOME'\nPORT=8080\n",
                    sh(node, "cat etc/nubis.env"));
            assertEquals("it's \"quoted\" $HOME|8080|" + node.id() + "\n",
                    sh(node, ". ./etc/nubis.env && printf '%s|%s|%s\\n' \"$greeting\" \"$PORT\" \"$NUBIS_NODE\""));
        }
        String envBefore = sh(first.get(1), "ls -l --time-style=full-iso etc/nubis.env");

        // A resize: two more compute nodes to configure; the four others learn about them.
        List<Machine> added = nodes("e1", "compute", 2, 4);
        List<Machine> all = new ArrayList<>(first);
        all.addAll(added);
        SetupReport resized = provider.apply(run(template, clusters, all, ids(added), Set.copyOf(ids(first)), 60, null));

        assertEquals(List.of(), resized.failures(), resized.toString());
        Map<String, NodeSetupResult> byNode = byNode(resized);
        for (Machine node : all) {
            assertEquals(hostsBlock("e1", all), sh(node, "cat etc/hosts"));
            assertEquals("6", sh(node, "grep -c ' e1-' etc/hosts").strip());
        }
        for (Machine node : added) {
            String log = byNode.get(node.id()).log();
            assertTrue(log.contains("TASK [Nubis directories]") && log.contains("TASK [Nubis environment file]"), log);
            assertEquals("data\nresults\nscratch\n", sh(node, "ls opt/nubis"));
            assertTrue(sh(node, "cat etc/nubis.env").contains("NUBIS_NODE=" + node.id() + "\n"));
        }
        for (Machine node : first) {
            NodeSetupResult r = byNode.get(node.id());
            assertTrue(r.log().contains("TASK [Nubis hosts file lists the cluster's nodes]\nchanged: [" + node.id() + "]"),
                    r.log());
            assertFalse(r.log().contains("Nubis directories") || r.log().contains("Nubis environment file"),
                    "only hosts.yml ran on " + node.id() + ":\n" + r.log());
            assertEquals("ok=4 changed=1", r.message(), "facts, assert, directory, hosts file");
        }
        assertEquals(envBefore, sh(first.get(1), "ls -l --time-style=full-iso etc/nubis.env"));
        Path resizeDir = runDir(resized.results().get(0));
        assertEquals(Set.of("e1-compute-4", "e1-compute-5"), lines(resizeDir.resolve("configure.limit")));
        assertEquals(Set.copyOf(ids(first)), lines(resizeDir.resolve("refresh.limit")));

        assertEquals(outside, machineState(), "nothing was written outside the sandboxes");
    }

    @Test
    void thePythonPlaybookMakesAVirtualenvUnderNubisRoot() throws Exception {
        Path clusters = RealAnsible.etc().resolve("nubis/clusters");
        ClusterTemplate template = template("p6", clusters.resolve("p6-test.yaml"), Map.of("python_packages", " "),
                new NodeKind("science", 1, -1, null, null, List.of(), List.of("python.yml"), List.of(), Map.of()));
        assertEquals(List.of(), withKarafEtc(RealAnsible.etc(), () -> provider.validate(template)),
                "python.yml is found among the shared playbooks");
        List<Machine> nodes = nodes("p6", "science", 1, 1);

        SetupReport report = withKarafEtc(RealAnsible.etc(),
                () -> provider.apply(run(template, clusters, nodes, ids(nodes), Set.of(), 60, null)));

        NodeSetupResult r = report.results().get(0);
        assertTrue(r.ok(), r.message() + "\n" + r.log());
        assertTrue(r.log().contains("skipping: [p6-science-1]"), "no package to install:\n" + r.log());
        String venv = sh(nodes.get(0), "pwd").strip() + "/opt/nubis/venv";
        assertEquals(venv + "\n", sh(nodes.get(0), "opt/nubis/venv/bin/python -c 'import sys; print(sys.prefix)'"));
    }

    @Test
    void aFailingPlaybookMarksExactlyTheFailingHostsWithAnsiblesMessage() throws Exception {
        Files.writeString(templateDir.resolve("fail.yml"), """
                - name: Fails on one host
                  hosts: worker
                  tasks:
                    - name: Fine everywhere
                      ansible.builtin.command: "true"
                      changed_when: false
                    - name: Breaks on the second node
                      ansible.builtin.fail:
                        msg: "boom on {{ inventory_hostname }}"
                      when: nubis_node_id == 'f2-compute-2'
                    - name: After the failure
                      ansible.builtin.file:
                        path: "{{ nubis_root }}/after-fail"
                        state: touch
                """);
        ClusterTemplate template = template("f2", templateDir.resolve("f2.yaml"), Map.of(),
                new NodeKind("compute", 3, -1, null, null, List.of("worker"), List.of("fail.yml"), List.of(), Map.of()));
        List<Machine> nodes = nodes("f2", "compute", 3, 1);

        SetupReport report = provider.apply(run(template, templateDir, nodes, ids(nodes), Set.of(), 60, null));

        Map<String, NodeSetupResult> byNode = byNode(report);
        assertEquals(List.of("f2-compute-2"), report.failures().stream().map(NodeSetupResult::nodeId).toList());
        assertEquals("boom on f2-compute-2 (task: Breaks on the second node)", byNode.get("f2-compute-2").message());
        assertTrue(byNode.get("f2-compute-2").log().contains("fatal: [f2-compute-2]: FAILED!"));
        assertEquals("ok=3 changed=1", byNode.get("f2-compute-1").message());
        assertEquals("yes\n", sh(nodes.get(0), "test -e after-fail && echo yes || echo no"));
        assertEquals("no\n", sh(nodes.get(1), "test -e after-fail && echo yes || echo no"));
        assertEquals("yes\n", sh(nodes.get(2), "test -e after-fail && echo yes || echo no"));
    }

    @Test
    void anUnreachableHostIsTriedOnceMore() throws Exception {
        Files.writeString(templateDir.resolve("touch.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: Touch
                      ansible.builtin.command: "touch touched"
                """);
        ClusterTemplate template = template("u3", templateDir.resolve("u3.yaml"), Map.of(),
                new NodeKind("compute", 2, -1, null, null, List.of(), List.of("touch.yml"), List.of(), Map.of()));
        List<Machine> nodes = nodes("u3", "compute", 2, 1);
        cloud.terminate(List.of(nodes.get(1).cloudId())); // pinned, then gone: its port refuses connections

        SetupReport report = provider.apply(run(template, templateDir, nodes, ids(nodes), Set.of(), 60, null));

        Map<String, NodeSetupResult> byNode = byNode(report);
        assertTrue(byNode.get("u3-compute-1").ok(), byNode.get("u3-compute-1").toString());
        NodeSetupResult gone = byNode.get("u3-compute-2");
        assertFalse(gone.ok());
        assertTrue(gone.message().startsWith("unreachable (tried twice): "), gone.message());
        assertTrue(gone.message().contains("Connection refused"), gone.message());
        assertTrue(gone.log().contains("== unreachable: trying once more\n"), gone.log());
        String log = Files.readString(runDir(gone).resolve("ansible.log"));
        assertEquals(2, log.lines().filter(l -> l.startsWith("$ ")).count(), log);
        assertEquals(Set.of("u3-compute-2"), lines(runDir(gone).resolve("configure-retry.limit")));
    }

    @Test
    void aRunPastItsDeadlineIsStoppedAndAnInterruptedOneCancelled() throws Exception {
        Files.writeString(templateDir.resolve("slow.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: Sleep
                      ansible.builtin.command: "sleep 30"
                """);
        ClusterTemplate template = template("s4", templateDir.resolve("s4.yaml"), Map.of(),
                new NodeKind("slow", 1, -1, null, null, List.of(), List.of("slow.yml"), List.of(), Map.of()));
        List<Machine> nodes = nodes("s4", "slow", 1, 1);

        long started = System.nanoTime();
        SetupReport report = provider.apply(run(template, templateDir, nodes, ids(nodes), Set.of(), 3, null));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(12), "stopped at its deadline");
        assertEquals("setup timed out after 3 s", report.results().get(0).message());
        assertNoAnsibleOf(runDir(report.results().get(0)));

        List<NodeSetupResult> reported = new CopyOnWriteArrayList<>();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.complete(provider.apply(run(template, templateDir, nodes, ids(nodes), Set.of(), 60,
                        (r, done, total) -> reported.add(r))));
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        caller.start();
        Thread.sleep(2500);
        long interrupted = System.nanoTime();
        caller.interrupt();
        assertInstanceOf(InterruptedException.class, outcome.get(15, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - interrupted < TimeUnit.SECONDS.toNanos(8));
        assertEquals(List.of("setup cancelled"), reported.stream().map(NodeSetupResult::message).toList());
    }

    @Test
    void adHocCommandsRunOneModuleOverAKindAGroupOrANode() throws Exception {
        ClusterTemplate template = template("a5", templateDir.resolve("a5.yaml"), Map.of("greeting", "hi"),
                new NodeKind("frontend", 1, -1, null, null, List.of("master"), List.of(), List.of(), Map.of()),
                new NodeKind("compute", 2, -1, null, null, List.of("worker"), List.of(), List.of(), Map.of()));
        List<Machine> nodes = new ArrayList<>(nodes("a5", "frontend", 1, 1));
        nodes.addAll(nodes("a5", "compute", 2, 1));
        Machine stopped = nodes("a5", "compute", 1, 3).get(0).withState(InstanceState.STOPPED, "stopped");
        nodes.add(stopped);
        Instant now = Instant.now();
        Cluster cluster = new Cluster("a5", "a5", template, ClusterState.RUNNING, null, SetupState.DONE, null, now, now, now);
        AnsibleAdHoc adHoc = new AnsibleAdHoc(new TestClusters(cluster, nodes), ansible);

        List<AdHocResult> computes = adHoc.run("a5", "compute", "shell", "echo {{ greeting }} from $(pwd | xargs basename)");
        assertEquals(List.of("a5-compute-1", "a5-compute-2"), computes.stream().map(AdHocResult::nodeId).toList(),
                "running nodes only");
        computes.forEach(r -> {
            assertEquals("changed", r.status(), r.toString());
            assertEquals("hi from sandbox", r.output());
        });
        List<AdHocResult> master = adHoc.run("a5", "master", "command", "cat missing-file");
        assertEquals(1, master.size());
        assertEquals("a5-frontend-1", master.get(0).nodeId());
        assertEquals("failed", master.get(0).status());
        assertTrue(master.get(0).output().contains("No such file or directory"), master.get(0).output());
        List<AdHocResult> one = adHoc.run("a5", "a5-compute-2", "ping", null);
        assertEquals(List.of(new AdHocResult("a5-compute-2", "ok", false, "{\"ping\": \"pong\"}")), one);
        assertEquals(3, adHoc.run("a5", null, "command", "true").stream().filter(AdHocResult::ok).count());
        NotFoundException none = assertThrows(NotFoundException.class, () -> adHoc.run("a5", "nope", "ping", ""));
        assertEquals("no running node of cluster 'a5' matches 'nope' (a node id, a kind or a setup group); "
                + "kinds: compute, frontend; groups: master, worker", none.getMessage());
        assertThrows(NotFoundException.class, () -> adHoc.run("zz", null, "ping", ""));
    }

    // --- helpers

    interface Body<T> {
        T run() throws Exception;
    }

    private static <T> T withKarafEtc(Path etc, Body<T> body) throws Exception {
        String before = System.getProperty("karaf.etc");
        System.setProperty("karaf.etc", etc.toString());
        try {
            return body.run();
        } finally {
            if (before == null) {
                System.clearProperty("karaf.etc");
            } else {
                System.setProperty("karaf.etc", before);
            }
        }
    }

    private static ClusterTemplate template(String name, Path source, Map<String, String> vars, NodeKind... kinds) {
        Map<String, NodeKind> byName = new LinkedHashMap<>();
        for (NodeKind kind : kinds) {
            byName.put(kind.name(), kind);
        }
        return new ClusterTemplate(name, "local", null, byName, "ansible", vars, Map.of(), 60, 60, source.toString());
    }

    /** Launches instances for nodes {@code CLUSTER-KIND-first..}, and reaches each once so that its host key is pinned. */
    private List<Machine> nodes(String cluster, String kind, int count, int first) throws Exception {
        List<LocalCloud.Instance> instances = cloud.launch(count, identity.publicKey(), cluster);
        List<Machine> nodes = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            launched.add(instances.get(i).id());
            nodes.add(instances.get(i).node(cluster + "-" + kind + "-" + (first + i), cluster, kind));
        }
        List<CommandResult> reached = engine.run(nodes.stream().map(AnsibleSetupTest::target).toList(), "true",
                Duration.ofSeconds(10), null);
        reached.forEach(r -> assertTrue(r.succeeded(), r.toString()));
        return nodes;
    }

    private static SetupRun run(ClusterTemplate template, Path dir, List<Machine> nodes, List<String> configure,
                                Set<String> refresh, int timeoutSeconds, Progress<NodeSetupResult> progress) {
        Instant now = Instant.now();
        Cluster cluster = new Cluster(template.name(), template.name(), template, ClusterState.SETTING_UP, null,
                SetupState.RUNNING, null, now, now, null);
        return new SetupRun(cluster, nodes, Set.copyOf(configure), refresh, dir, Duration.ofSeconds(timeoutSeconds),
                progress == null ? Progress.none() : progress);
    }

    /** The hosts block hosts.yml writes: one line per node, between Nubis's markers. */
    private static String hostsBlock(String cluster, List<Machine> nodes) {
        return "# BEGIN NUBIS CLUSTER " + cluster + "\n"
                + nodes.stream().map(n -> n.privateHost() + " " + n.id() + "  # " + n.kind() + "\n").collect(Collectors.joining())
                + "# END NUBIS CLUSTER " + cluster + "\n";
    }

    /** The run directory, from the first line of a node's log. */
    private static Path runDir(NodeSetupResult result) {
        String first = result.log().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("ansible log: "), result.log());
        Path log = Path.of(first.substring("ansible log: ".length()));
        assertTrue(log.startsWith(workDir), log.toString());
        return log.getParent();
    }

    private static Set<String> lines(Path file) throws IOException {
        return Set.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList());
    }

    private static void assertNoAnsibleOf(Path runDir) throws InterruptedException {
        String marker = runDir.resolve("inventory.yml").toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(marker))) {
            assertTrue(System.nanoTime() < deadline, "ansible-playbook still runs for " + runDir);
            Thread.sleep(100);
        }
    }

    /**
     * What the playbooks would touch on this machine if they wrote outside nubis_root, and the home
     * directory's Ansible and SSH state: none of it may change.
     */
    private static Map<String, String> machineState() throws IOException {
        Map<String, String> state = new TreeMap<>();
        state.put("/etc/hosts", Files.readString(Path.of("/etc/hosts")));
        for (String path : List.of("/opt/nubis", "/etc/nubis.env", "/etc/etc/hosts")) {
            state.put(path, String.valueOf(Files.exists(Path.of(path))));
        }
        Path home = Path.of(System.getProperty("user.home"));
        for (Path dir : List.of(home.resolve(".ansible"), home.resolve(".ssh"), home.resolve("opt"), home.resolve("etc"))) {
            if (!Files.exists(dir)) {
                state.put(dir.toString(), "absent");
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.toList()) {
                    state.put(file.toString(), Files.getLastModifiedTime(file).toString());
                }
            }
        }
        return state;
    }

    private static List<String> ids(List<Machine> nodes) {
        return nodes.stream().map(Machine::id).toList();
    }

    private static Map<String, NodeSetupResult> byNode(SetupReport report) {
        return report.results().stream().collect(Collectors.toMap(NodeSetupResult::nodeId, Function.identity()));
    }

    private static SshTarget target(Machine node) {
        return new SshTarget(node.id(), node.publicHost(), node.sshPort(), node.sshUser());
    }

    /** Runs a command on a node over Nubis's SSH engine (same pinned host key) and returns its stdout. */
    private static String sh(Machine node, String command) throws InterruptedException {
        CommandResult result = engine.run(List.of(target(node)), command, Duration.ofSeconds(10), null).get(0);
        assertTrue(result.succeeded(), command + " on " + node.id() + ": " + result);
        return result.stdout();
    }
}
