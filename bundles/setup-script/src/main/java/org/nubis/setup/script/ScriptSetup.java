package org.nubis.setup.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.nubis.api.Progress;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.NodeSetupResult;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.TransferResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the script setup. Every node first gets the cluster's facts; then the nodes go
 * through their scripts in steps: step k runs every node's k-th script, one SSH fan-out per
 * distinct script (so a script shared by several kinds is one fan-out), the fan-outs of a step at
 * once; the next step starts when the step is over (a barrier). A node leaves at its first failure
 * and is done when it has no script left. The caller's thread waits for the deadline; a timeout or
 * an interruption stops the workers, which makes the SSH engine abandon what is in flight.
 */
final class ScriptSetup {

    static final String FACTS_DIR = ".nubis";
    static final String SCRIPTS_DIR = FACTS_DIR + "/scripts";
    static final String ENV_FILE = FACTS_DIR + "/cluster.env";
    static final String HOSTS_FILE = FACTS_DIR + "/hosts";

    private static final Logger LOG = LoggerFactory.getLogger(ScriptSetup.class);
    /** Per-node puts (each node's cluster.env differs) in flight at once. */
    private static final int PARALLEL_PUTS = 16;
    /** The engine's own limit on a command comes after our deadline, as a safety net. */
    private static final Duration COMMAND_GRACE = Duration.ofSeconds(5);
    private static final long STOP_WAIT_SECONDS = 15;
    private static final int MESSAGE_LIMIT = 400;

    /** One node's part of the run. Its result is guarded by the {@link ScriptSetup}. */
    private static final class Work {
        final String id;
        final boolean configure;
        Machine node;
        SshTarget target;
        List<Path> scripts = List.of();
        Path envFile;
        volatile String step = "waiting to start";
        NodeSetupResult result;
        private final StringBuilder log = new StringBuilder();

        Work(String id, boolean configure) {
            this.id = id;
            this.configure = configure;
        }

        void log(String text) {
            synchronized (log) {
                log.append(text);
            }
        }

        String log() {
            synchronized (log) {
                return log.toString();
            }
        }
    }

    private final SshEngine ssh;
    private final SetupRun run;
    private final Progress<NodeSetupResult> progress;
    private final Duration timeout;
    private final long started = System.nanoTime();
    private final List<Work> all = new ArrayList<>();
    private int done;
    private boolean closed;

    ScriptSetup(SshEngine ssh, SetupRun run) {
        this.ssh = ssh;
        this.run = run;
        this.progress = run.progress() == null ? Progress.none() : run.progress();
        Duration limit = run.timeout();
        if (limit == null && run.cluster().spec() != null && run.cluster().spec().setupTimeoutSeconds() > 0) {
            limit = Duration.ofSeconds(run.cluster().spec().setupTimeoutSeconds());
        }
        this.timeout = limit;
    }

    SetupReport execute() throws InterruptedException {
        Cluster cluster = run.cluster();
        ClusterTemplate spec = cluster.spec();
        Path templateDir = run.templateDir() != null ? run.templateDir()
                : spec != null ? ScriptFiles.templateDir(spec) : ScriptFiles.clustersDir();
        Map<String, Machine> nodes = new LinkedHashMap<>();
        run.nodes().forEach(node -> nodes.put(node.id(), node));

        Set<String> ids = new LinkedHashSet<>();
        nodes.keySet().stream().filter(id -> run.configure().contains(id) || run.refresh().contains(id)).forEach(ids::add);
        Stream.concat(run.configure().stream(), run.refresh().stream()).sorted().forEach(ids::add);
        ids.forEach(id -> all.add(new Work(id, run.configure().contains(id))));

        List<Work> pending = new ArrayList<>();
        for (Work work : all) {
            String problem = prepare(work, nodes.get(work.id), spec, templateDir);
            if (problem != null) {
                finish(work, false, problem);
            } else {
                pending.add(work);
            }
        }
        if (pending.isEmpty()) {
            return report();
        }
        LOG.info("Setting up cluster {}: {} to configure, {} to refresh", cluster.name(),
                pending.stream().filter(w -> w.configure).count(), pending.stream().filter(w -> !w.configure).count());

        Path temp = null;
        ExecutorService workers = workers(cluster.name());
        try {
            temp = Files.createTempDirectory("nubis-setup-");
            Path hosts = temp.resolve("hosts");
            Files.writeString(hosts, ClusterFacts.hosts(run.nodes().stream()
                    .filter(n -> ClusterFacts.address(n) != null && !ClusterFacts.address(n).isBlank()).toList()),
                    StandardCharsets.UTF_8);
            List<String> kinds = new ArrayList<>(spec == null ? List.of() : spec.kinds().keySet());
            Map<String, String> vars = spec == null ? Map.of() : spec.setupVars();
            for (int i = 0; i < pending.size(); i++) {
                Work work = pending.get(i);
                work.envFile = temp.resolve("cluster-" + i + ".env");
                Files.writeString(work.envFile, ClusterFacts.env(cluster.name(), work.node, run.nodes(), kinds, vars),
                        StandardCharsets.UTF_8);
                ownerOnly(work.envFile); // vars may hold secrets; the mode travels with the file
            }
            Future<?> job = workers.submit(() -> {
                steps(pending, hosts, workers);
                return null;
            });
            try {
                if (timeout == null) {
                    job.get();
                } else {
                    job.get(Math.max(0, started + timeout.toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException e) {
                LOG.info("Setup of cluster {} timed out after {}", cluster.name(), seconds(timeout));
                closeAll("setup timed out after " + seconds(timeout));
            } catch (ExecutionException e) {
                LOG.error("Setup of cluster {} failed", cluster.name(), e.getCause());
                closeAll("setup failed: " + e.getCause());
            } catch (InterruptedException e) {
                closeAll("setup interrupted");
                stop(workers);
                throw e;
            }
        } catch (IOException e) {
            closeAll("cannot write the cluster facts locally: " + e.getMessage());
        } finally {
            stop(workers);
            deleteQuietly(temp);
        }
        closeAll("setup ended without a result for this node");
        return report();
    }

    /** Checks what a node needs before any SSH; returns why it cannot be set up, or null. */
    private String prepare(Work work, Machine node, ClusterTemplate spec, Path templateDir) {
        if (node == null) {
            return "not a node of cluster " + run.cluster().name() + " (or not ready)";
        }
        work.node = node;
        NodeKind kind = spec == null ? null : spec.kinds().get(node.kind());
        if (kind == null) {
            return "kind " + node.kind() + " is not in the cluster's template";
        }
        String user = node.sshUser() != null && !node.sshUser().isBlank() ? node.sshUser() : spec.loginUser();
        if (node.publicHost() == null || node.publicHost().isBlank() || node.sshPort() < 1 || node.sshPort() > 65535
                || user == null || user.isBlank()) {
            return "no SSH address yet (host " + node.publicHost() + ", port " + node.sshPort() + ", user " + user + ")";
        }
        work.target = new SshTarget(node.id(), node.publicHost(), node.sshPort(), user);
        List<String> written = work.configure ? kind.setupScripts() : kind.refreshScripts();
        List<Path> scripts = new ArrayList<>();
        for (String script : written) {
            String problem = ScriptFiles.problem(templateDir, script);
            if (problem != null) {
                return (script == null || script.isBlank() ? "script" : ScriptFiles.name(script)) + ": " + problem;
            }
            scripts.add(ScriptFiles.resolve(templateDir, script));
        }
        work.scripts = List.copyOf(scripts);
        return null;
    }

    private void steps(List<Work> pending, Path hosts, ExecutorService workers) throws Exception {
        List<Work> active = pending;
        active.forEach(w -> w.step = "writing the cluster facts");
        active = command(active, "mkdir -p " + SCRIPTS_DIR, "mkdir -p " + SCRIPTS_DIR, "mkdir -p " + SCRIPTS_DIR);
        List<Work> facts = active;
        Future<List<Work>> hostsCopied = workers.submit(() -> put(facts, hosts, HOSTS_FILE, "hosts"));
        Set<Work> envCopied = putEach(facts, workers);
        Set<Work> hostsOk = new HashSet<>(hostsCopied.get());
        active = facts.stream().filter(w -> hostsOk.contains(w) && envCopied.contains(w)).toList();

        for (int step = 0; !active.isEmpty(); step++) {
            int k = step;
            for (Work work : active) {
                if (work.scripts.size() <= k) {
                    finish(work, true, null);
                }
            }
            active = active.stream().filter(w -> w.scripts.size() > k).toList();
            if (active.isEmpty()) {
                break;
            }
            Map<Path, List<Work>> groups = new LinkedHashMap<>();
            active.forEach(w -> groups.computeIfAbsent(w.scripts.get(k), p -> new ArrayList<>()).add(w));
            Set<Work> survivors = new HashSet<>();
            if (groups.size() == 1) {
                Map.Entry<Path, List<Work>> only = groups.entrySet().iterator().next();
                survivors.addAll(script(only.getKey(), only.getValue(), k));
            } else {
                List<Future<List<Work>>> running = new ArrayList<>();
                groups.forEach((script, group) -> running.add(workers.submit(() -> script(script, group, k))));
                for (Future<List<Work>> future : running) {
                    survivors.addAll(future.get());
                }
            }
            active = active.stream().filter(survivors::contains).toList();
        }
    }

    /**
     * Copies one script to its nodes and runs it there with the cluster's facts sourced first. A
     * node for which it was the last script is done at once, without waiting for the step's other
     * fan-outs. Returns the nodes that have more scripts to run.
     */
    private List<Work> script(Path script, List<Work> nodes, int step) throws InterruptedException {
        String name = script.getFileName().toString();
        String remote = SCRIPTS_DIR + "/" + name;
        nodes.forEach(w -> w.step = "copying " + name);
        List<Work> copied = put(nodes, script, remote, name + " (from " + script + ")");
        copied.forEach(w -> w.step = "running " + name);
        String path = ClusterFacts.quote("./" + remote);
        List<Work> ran = command(copied, ". ./" + ENV_FILE + " && chmod u+x " + path + " && " + path, name, name);
        List<Work> more = new ArrayList<>();
        for (Work work : ran) {
            if (work.scripts.size() > step + 1) {
                more.add(work);
            } else {
                finish(work, true, null);
            }
        }
        return more;
    }

    /**
     * Runs a command on the nodes in one fan-out and returns those where it exited 0; the others
     * are finished with {@code <what> exited N: <last stderr line>} or {@code <what>: <error>}.
     */
    private List<Work> command(List<Work> nodes, String command, String label, String what)
            throws InterruptedException {
        if (nodes.isEmpty()) {
            return nodes;
        }
        Duration limit = timeout == null ? null : remaining().plus(COMMAND_GRACE);
        List<CommandResult> results;
        try {
            results = ssh.run(nodes.stream().map(w -> w.target).toList(), command, limit, null);
        } catch (RuntimeException e) {
            return failAll(nodes, what + ": " + e.getMessage());
        }
        Map<String, CommandResult> byId = new HashMap<>();
        results.forEach(r -> byId.put(r.targetId(), r));
        List<Work> ok = new ArrayList<>();
        for (Work work : nodes) {
            CommandResult result = byId.get(work.id);
            if (result == null) {
                finish(work, false, what + ": no result from the SSH engine");
                continue;
            }
            StringBuilder entry = new StringBuilder("== ").append(label).append(": ")
                    .append(result.error() != null ? result.error() : "exit " + result.exitCode())
                    .append(" (").append(seconds(result.duration())).append(")\n");
            section(entry, "stdout", result.stdout());
            section(entry, "stderr", result.stderr());
            work.log(entry.toString());
            if (result.error() != null) {
                finish(work, false, what + ": " + result.error());
            } else if (result.exitCode() != 0) {
                String last = lastLine(result.stderr());
                finish(work, false, what + " exited " + result.exitCode() + (last == null ? "" : ": " + last));
            } else {
                ok.add(work);
            }
        }
        return ok;
    }

    /** Copies one local file to the same path on every node in one fan-out; returns the nodes that have it. */
    private List<Work> put(List<Work> nodes, Path local, String remote, String what) throws InterruptedException {
        if (nodes.isEmpty()) {
            return nodes;
        }
        List<TransferResult> results;
        try {
            results = ssh.put(nodes.stream().map(w -> w.target).toList(), local, remote, null);
        } catch (RuntimeException e) {
            return failAll(nodes, "copying " + what + ": " + e.getMessage());
        }
        Map<String, TransferResult> byId = new HashMap<>();
        results.forEach(r -> byId.put(r.targetId(), r));
        List<Work> ok = new ArrayList<>();
        for (Work work : nodes) {
            TransferResult result = byId.get(work.id);
            String error = result == null ? "no result from the SSH engine" : result.error();
            work.log("== copy " + what + " to " + remote + ": "
                    + (error != null ? error : result.bytes() + " bytes") + "\n");
            if (error != null) {
                finish(work, false, "copying " + what + ": " + error);
            } else {
                ok.add(work);
            }
        }
        return ok;
    }

    /**
     * Copies each node's own cluster.env: the contents differ per node (NUBIS_NODE, NUBIS_KIND), and
     * a put sends one file to all its targets, so these are one-target puts, many at once.
     */
    private Set<Work> putEach(List<Work> nodes, ExecutorService workers) throws Exception {
        Queue<Work> queue = new ConcurrentLinkedQueue<>(nodes);
        Set<Work> ok = ConcurrentHashMap.newKeySet();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < Math.min(PARALLEL_PUTS, nodes.size()); i++) {
            running.add(workers.submit(() -> {
                for (Work work = queue.poll(); work != null; work = queue.poll()) {
                    ok.addAll(put(List.of(work), work.envFile, ENV_FILE, "cluster.env"));
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        return ok;
    }

    private List<Work> failAll(List<Work> nodes, String message) {
        nodes.forEach(w -> {
            w.log("== " + message + "\n");
            finish(w, false, message);
        });
        return List.of();
    }

    private void finish(Work work, boolean ok, String message) {
        NodeSetupResult result;
        int count;
        synchronized (this) {
            if (closed || work.result != null) {
                return;
            }
            result = new NodeSetupResult(work.id, ok, message == null ? null : oneLine(message), elapsed(), work.log());
            work.result = result;
            count = ++done;
        }
        report(result, count);
    }

    /** Finishes every node that has no result yet with {@code message}; later results are ignored. */
    private void closeAll(String message) {
        List<NodeSetupResult> closing = new ArrayList<>();
        int first;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            first = done;
            for (Work work : all) {
                if (work.result == null) {
                    work.log("== " + message + " (while " + work.step + ")\n");
                    work.result = new NodeSetupResult(work.id, false, oneLine(message), elapsed(), work.log());
                    closing.add(work.result);
                    done++;
                }
            }
        }
        for (int i = 0; i < closing.size(); i++) {
            report(closing.get(i), first + i + 1);
        }
    }

    private void report(NodeSetupResult result, int count) {
        try {
            progress.completed(result, count, all.size());
        } catch (RuntimeException e) {
            LOG.warn("Progress listener failed on {}: {}", result.nodeId(), e.toString());
        }
    }

    private synchronized SetupReport report() {
        return new SetupReport(all.stream().map(w -> w.result).toList());
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private Duration remaining() {
        return Duration.ofNanos(Math.max(0, started + timeout.toNanos() - System.nanoTime()));
    }

    private static ExecutorService workers(String cluster) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread thread = new Thread(r, "nubis-setup-" + cluster + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Interrupts the workers (the SSH engine then abandons what they have in flight) and waits for them. */
    private static void stop(ExecutorService workers) {
        workers.shutdownNow();
        boolean interrupted = false;
        try {
            if (!workers.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Setup workers still busy {} s after being stopped", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the file keeps the platform's default mode
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", dir, e.toString());
        }
    }

    private static void section(StringBuilder entry, String name, String text) {
        if (text != null && !text.isEmpty()) {
            entry.append("-- ").append(name).append('\n').append(text);
            if (!text.endsWith("\n")) {
                entry.append('\n');
            }
        }
    }

    static String lastLine(String text) {
        if (text == null) {
            return null;
        }
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return null;
    }

    static String oneLine(String text) {
        String line = text.replaceAll("\\s*\\R\\s*", " ").strip();
        return line.length() <= MESSAGE_LIMIT ? line : line.substring(0, MESSAGE_LIMIT - 3) + "...";
    }

    static String seconds(Duration duration) {
        if (duration == null) {
            return "? s";
        }
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(Locale.ROOT, millis < 10_000 ? "%.2f s" : "%.1f s", millis / 1000.0);
    }
}
