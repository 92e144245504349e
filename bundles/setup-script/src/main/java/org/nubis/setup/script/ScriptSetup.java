package org.nubis.setup.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;
import org.nubis.setup.support.NodeLogin;
import org.nubis.setup.support.PrivateFiles;
import org.nubis.setup.support.RunTasks;
import org.nubis.setup.support.SetupLedger;
import org.nubis.setup.support.TemplateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the script setup. Every node first gets the cluster's facts; then the nodes go
 * through their scripts in steps: step k runs every node's k-th script, one SSH fan-out per
 * distinct script (so a script shared by several kinds is one fan-out), the fan-outs of a step at
 * once on the provider's pool; the next step starts when the step is over (a barrier). A node
 * leaves at its first failure and is done when it has no script left. The calling thread leads the
 * steps and waits for each no longer than the deadline; a timeout or an interruption fails the nodes
 * left, then interrupts the run's tasks, which makes the SSH engine abandon what is in flight.
 */
final class ScriptSetup {

    static final String FACTS_DIR = ".nubis";
    static final String SCRIPTS_DIR = FACTS_DIR + "/scripts";
    static final String ENV_FILE = FACTS_DIR + "/cluster.env";
    static final String HOSTS_FILE = FACTS_DIR + "/hosts";

    private static final Logger LOG = LoggerFactory.getLogger(ScriptSetup.class);
    /** Per-node puts (each node's cluster.env differs) in flight at once. */
    private static final int PARALLEL_PUTS = 16;

    private final SetupRun run;
    private final SetupLedger ledger;
    private final NodeFanOut fanOut;
    private final TemplateFiles files;
    private final ExecutorService workers;
    private final Map<String, Path> envFiles = new HashMap<>();

    /** @param workers the provider's pool, shared with its other runs */
    ScriptSetup(SshEngine ssh, SetupRun run, ExecutorService workers) {
        this.run = run;
        this.ledger = new SetupLedger(run);
        this.fanOut = new NodeFanOut(ssh, ledger);
        this.files = new TemplateFiles(TemplateFiles.templateDir(run), null, "script");
        this.workers = workers;
    }

    SetupReport execute() throws InterruptedException {
        Cluster cluster = run.cluster();
        Map<String, Machine> nodes = new LinkedHashMap<>();
        run.nodes().forEach(node -> nodes.put(node.id(), node));
        List<NodeScripts> pending = new ArrayList<>();
        for (String id : ledger.nodeIds()) {
            ledger.step(id, "waiting to start");
            NodeScripts node = prepare(id, nodes.get(id));
            if (node != null) {
                pending.add(node);
            }
        }
        if (pending.isEmpty()) {
            return ledger.report();
        }
        LOG.info("Setting up cluster {}: {} to configure, {} to refresh", cluster.name(),
                pending.stream().filter(n -> ledger.configures(n.id())).count(),
                pending.stream().filter(n -> !ledger.configures(n.id())).count());

        RunTasks tasks = new RunTasks(workers, ledger.deadline());
        Path temp = null;
        try {
            temp = PrivateFiles.createTempDirectory(null, "nubis-setup-");
            Path hosts = writeFacts(temp, nodes, pending);
            steps(pending, hosts, tasks);
        } catch (TimeoutException e) {
            LOG.info("Setup of cluster {}: {}", cluster.name(), ledger.deadline().timedOut());
            ledger.closeAll(ledger.deadline().timedOut());
        } catch (InterruptedException e) {
            ledger.closeAll(SetupLedger.CANCELLED);
            throw e;
        } catch (IOException e) {
            ledger.closeAll("cannot write the cluster facts locally: " + e.getMessage());
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.error("Setup of cluster {} failed", cluster.name(), cause);
            ledger.closeAll("setup failed: " + cause);
        } finally {
            tasks.close();
            PrivateFiles.deleteTree(temp);
        }
        return ledger.report();
    }

    /** What a node runs, or null when it cannot be set up (then it is finished with the reason), before any SSH. */
    private NodeScripts prepare(String id, Machine node) {
        ClusterTemplate spec = run.cluster().spec();
        NodeKind kind = node == null || spec == null ? null : spec.kinds().get(node.kind());
        NodeLogin login = node == null ? null : NodeLogin.of(node, spec);
        String problem = node == null ? "not a node of cluster " + run.cluster().name() + " (or not ready)"
                : kind == null ? "kind " + node.kind() + " is not in the cluster's template"
                : login.problem();
        List<Path> scripts = new ArrayList<>();
        if (problem == null) {
            for (String script : ledger.configures(id) ? kind.setupScripts() : kind.refreshScripts()) {
                problem = files.problem(script);
                if (problem != null) {
                    problem = (script == null || script.isBlank() ? "script" : name(script)) + ": " + problem;
                    break;
                }
                scripts.add(files.resolve(script));
            }
        }
        if (problem != null) {
            ledger.finish(id, false, problem);
            return null;
        }
        return new NodeScripts(id, new SshTarget(id, login.host(), login.port(), login.user()), List.copyOf(scripts));
    }

    /** Writes the hosts file and each node's cluster.env (owner-only: vars may be secrets, and the mode travels). */
    private Path writeFacts(Path temp, Map<String, Machine> nodes, List<NodeScripts> pending) throws IOException {
        ClusterTemplate spec = run.cluster().spec();
        Path hosts = temp.resolve("hosts");
        Files.writeString(hosts, ClusterFacts.hosts(run.nodes()), StandardCharsets.UTF_8);
        List<String> kinds = new ArrayList<>(spec == null ? List.of() : spec.kinds().keySet());
        Map<String, String> vars = spec == null ? Map.of() : spec.setupVars();
        for (int i = 0; i < pending.size(); i++) {
            String id = pending.get(i).id();
            Path env = temp.resolve("cluster-" + i + ".env");
            PrivateFiles.write(env, ClusterFacts.env(run.cluster().name(), nodes.get(id), run.nodes(), kinds, vars));
            envFiles.put(id, env);
        }
        return hosts;
    }

    private void steps(List<NodeScripts> pending, Path hosts, RunTasks tasks)
            throws InterruptedException, ExecutionException, TimeoutException {
        pending.forEach(n -> ledger.step(n.id(), "writing the cluster facts"));
        String mkdir = "mkdir -p " + SCRIPTS_DIR;
        List<NodeScripts> facts = tasks.await(tasks.submit(() -> fanOut.command(pending, mkdir, mkdir, mkdir)));
        Future<List<NodeScripts>> hostsCopied = tasks.submit(() -> fanOut.put(facts, hosts, HOSTS_FILE, "hosts"));
        Set<NodeScripts> envCopied = putEach(facts, tasks);
        Set<NodeScripts> hostsOk = new HashSet<>(tasks.await(hostsCopied));
        List<NodeScripts> active = facts.stream().filter(n -> hostsOk.contains(n) && envCopied.contains(n)).toList();

        for (int step = 0; !active.isEmpty(); step++) {
            int k = step;
            active.stream().filter(n -> n.scripts().size() <= k).forEach(n -> ledger.finish(n.id(), true, null));
            Map<Path, List<NodeScripts>> groups = new LinkedHashMap<>();
            active.stream().filter(n -> n.scripts().size() > k)
                    .forEach(n -> groups.computeIfAbsent(n.scripts().get(k), p -> new ArrayList<>()).add(n));
            List<Future<List<NodeScripts>>> running = new ArrayList<>();
            groups.forEach((script, group) -> running.add(tasks.submit(() -> script(script, group, k))));
            Set<NodeScripts> survivors = new HashSet<>();
            for (Future<List<NodeScripts>> future : running) {
                survivors.addAll(tasks.await(future));
            }
            active = active.stream().filter(survivors::contains).toList();
        }
    }

    /**
     * Copies one script to its nodes and runs it there with the cluster's facts sourced first. A
     * node for which it was the last script is done at once, without waiting for the step's other
     * fan-outs. Returns the nodes that have more scripts to run.
     */
    private List<NodeScripts> script(Path script, List<NodeScripts> nodes, int step) throws InterruptedException {
        String name = script.getFileName().toString();
        String remote = SCRIPTS_DIR + "/" + name;
        nodes.forEach(n -> ledger.step(n.id(), "copying " + name));
        List<NodeScripts> copied = fanOut.put(nodes, script, remote, name + " (from " + script + ")");
        copied.forEach(n -> ledger.step(n.id(), "running " + name));
        String path = ClusterFacts.quote("./" + remote);
        List<NodeScripts> ran = fanOut.command(copied, ". ./" + ENV_FILE + " && chmod u+x " + path + " && " + path, name, name);
        List<NodeScripts> more = new ArrayList<>();
        for (NodeScripts node : ran) {
            if (node.scripts().size() > step + 1) {
                more.add(node);
            } else {
                ledger.finish(node.id(), true, null);
            }
        }
        return more;
    }

    /**
     * Copies each node's own cluster.env: the contents differ per node (NUBIS_NODE, NUBIS_KIND), and
     * a put sends one file to all its targets, so these are one-target puts, many at once.
     */
    private Set<NodeScripts> putEach(List<NodeScripts> nodes, RunTasks tasks)
            throws InterruptedException, ExecutionException, TimeoutException {
        Queue<NodeScripts> queue = new ConcurrentLinkedQueue<>(nodes);
        Set<NodeScripts> ok = ConcurrentHashMap.newKeySet();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < Math.min(PARALLEL_PUTS, nodes.size()); i++) {
            running.add(tasks.submit(() -> {
                for (NodeScripts node = queue.poll(); node != null; node = queue.poll()) {
                    ok.addAll(fanOut.put(List.of(node), envFiles.get(node.id()), ENV_FILE, "cluster.env"));
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            tasks.await(future);
        }
        return ok;
    }

    /** The script's file name, which names it in messages and on the node. */
    private static String name(String script) {
        String trimmed = script.trim();
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 && slash < trimmed.length() - 1 ? trimmed.substring(slash + 1) : trimmed;
    }
}
