package org.nubis.setup.ansible;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.nubis.api.Progress;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.NodeSetupResult;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.nubis.api.ssh.HostKeyPins;
import org.nubis.api.ssh.SshIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the Ansible setup. The nodes to configure get, in one ansible-playbook run limited to
 * them, the union of their kinds' playbooks (template order, each once); then the nodes to refresh
 * get their kinds' refresh playbooks the same way. Hosts that were unreachable are tried once more,
 * alone. The whole run has the setup's deadline; a timeout or an interruption stops ansible-playbook
 * and everything it started.
 */
final class AnsibleSetup {

    static final String TIMED_OUT = "setup timed out after ";
    static final String CANCELLED = "setup cancelled";
    private static final Logger LOG = LoggerFactory.getLogger(AnsibleSetup.class);

    /** One node's part of the run; guarded by the {@link AnsibleSetup}. */
    private static final class Work {
        final String id;
        final boolean configure;
        Machine node;
        NodeSetupResult result;
        final StringBuilder log = new StringBuilder();

        Work(String id, boolean configure) {
            this.id = id;
            this.configure = configure;
        }
    }

    /** What one ansible-playbook command did. */
    private record Attempt(AnsibleProcess.Outcome outcome, PlaybookOutput output) {
    }

    private final AnsibleTool.Probe tool;
    private final Workspace workspace;
    private final SshIdentity identity;
    private final HostKeyPins pins;
    private final Predicate<Machine> sandbox;
    private final int forks;
    private final Consumer<String> output;
    private final SetupRun run;
    private final Progress<NodeSetupResult> progress;
    private final Duration timeout;
    private final long started = System.nanoTime();
    private final List<Work> all = new ArrayList<>();
    private int done;
    private boolean closed;

    AnsibleSetup(AnsibleTool.Probe tool, Workspace workspace, SshIdentity identity, HostKeyPins pins,
                 Predicate<Machine> sandbox, int forks, SetupRun run) {
        this(tool, workspace, identity, pins, sandbox, forks, run, line -> { });
    }

    /** @param output told each line of Ansible's output as it comes (the cluster's progress events) */
    AnsibleSetup(AnsibleTool.Probe tool, Workspace workspace, SshIdentity identity, HostKeyPins pins,
                 Predicate<Machine> sandbox, int forks, SetupRun run, Consumer<String> output) {
        this.output = output;
        this.tool = tool;
        this.workspace = workspace;
        this.identity = identity;
        this.pins = pins;
        this.sandbox = sandbox;
        this.forks = forks;
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
        Path templateDir = run.templateDir() != null ? run.templateDir() : Playbooks.templateDir(spec);
        Map<String, Machine> nodes = new LinkedHashMap<>();
        run.nodes().forEach(node -> nodes.put(node.id(), node));

        Set<String> ids = new LinkedHashSet<>();
        nodes.keySet().stream().filter(id -> run.configure().contains(id) || run.refresh().contains(id)).forEach(ids::add);
        Stream.concat(run.configure().stream(), run.refresh().stream()).sorted().forEach(ids::add);
        ids.forEach(id -> all.add(new Work(id, run.configure().contains(id))));

        // What each kind runs, or why it cannot.
        Map<String, List<Path>> setupOf = new LinkedHashMap<>();
        Map<String, List<Path>> refreshOf = new LinkedHashMap<>();
        Map<String, String> setupProblem = new LinkedHashMap<>();
        Map<String, String> refreshProblem = new LinkedHashMap<>();
        if (spec != null) {
            for (NodeKind kind : spec.kinds().values()) {
                resolve(templateDir, kind.name(), kind.setupScripts(), setupOf, setupProblem);
                resolve(templateDir, kind.name(), kind.refreshScripts(), refreshOf, refreshProblem);
            }
        }

        List<Work> configure = new ArrayList<>();
        List<Work> refresh = new ArrayList<>();
        for (Work work : all) {
            Machine node = nodes.get(work.id);
            work.node = node;
            String problem = node == null ? "not among the cluster's nodes"
                    : spec == null || !spec.kinds().containsKey(node.kind()) ? "kind " + node.kind() + " is not in the cluster's template"
                    : ClusterHosts.unreachable(node, spec);
            if (problem == null) {
                problem = work.configure ? setupProblem.get(node.kind()) : refreshProblem.get(node.kind());
            }
            if (problem == null && pins.pinned(node.id()).isEmpty()) {
                problem = "no pinned host key: Nubis has not reached this node over SSH yet";
            }
            if (problem != null) {
                finish(work, false, problem);
            } else if (work.configure) {
                configure.add(work);
            } else if (refreshOf.getOrDefault(node.kind(), List.of()).isEmpty()) {
                work.log.append("no refresh playbook for kind ").append(node.kind()).append('\n');
                finish(work, true, "nothing to refresh");
            } else {
                refresh.add(work);
            }
        }
        if (configure.isEmpty() && refresh.isEmpty()) {
            return report();
        }
        List<Path> configurePlaybooks = union(configure, setupOf);
        List<Path> refreshPlaybooks = union(refresh, refreshOf);
        LOG.info("Ansible setup of cluster {}: {} node(s) to configure with {}, {} to refresh with {}", cluster.name(),
                configure.size(), names(configurePlaybooks), refresh.size(), names(refreshPlaybooks));

        List<RunFiles.Host> hosts = ClusterHosts.of(spec, run.nodes(), pins, sandbox);
        int size = forks > 0 ? forks : Math.min(50, Math.max(1, Math.max(configure.size(), refresh.size())));
        AnsibleRun files;
        try {
            files = AnsibleRun.create(workspace, cluster.name(), "", hosts, ClusterHosts.groupOrder(spec),
                    identity.privateKeyFile(), spec == null ? Map.of() : spec.setupVars(), size);
        } catch (IOException | RuntimeException e) {
            closeAll("cannot write the run's files in " + workspace.root() + ": " + e.getMessage());
            return report();
        }
        for (Work work : all) {
            work.log.insert(0, "ansible log: " + files.log + "\n");
        }
        try {
            phase(files, "configure", configurePlaybooks, configure);
            phase(files, "refresh", refreshPlaybooks, refresh);
        } catch (InterruptedException e) {
            LOG.info("Ansible setup of cluster {} cancelled", cluster.name());
            closeAll(CANCELLED);
            throw e;
        } finally {
            files.close();
        }
        closeAll("setup ended without a result for this node");
        return report();
    }

    private static void resolve(Path templateDir, String kind, List<String> written, Map<String, List<Path>> paths,
                                Map<String, String> problems) {
        List<Path> resolved = new ArrayList<>();
        for (String playbook : written) {
            String problem = Playbooks.problem(templateDir, playbook);
            if (problem != null) {
                problems.put(kind, "playbook " + (playbook == null ? "" : playbook.trim()) + ": " + problem);
                return;
            }
            resolved.add(Playbooks.resolve(templateDir, playbook));
        }
        paths.put(kind, resolved);
    }

    /** The playbooks of the works' kinds, in template order, each once. */
    private static List<Path> union(List<Work> works, Map<String, List<Path>> byKind) {
        Set<String> kinds = new LinkedHashSet<>();
        works.forEach(w -> kinds.add(w.node.kind()));
        Set<Path> playbooks = new LinkedHashSet<>();
        byKind.forEach((kind, paths) -> {
            if (kinds.contains(kind)) {
                playbooks.addAll(paths);
            }
        });
        return List.copyOf(playbooks);
    }

    /** Runs the playbooks on the works, retries the unreachable ones once, and finishes every work. */
    private void phase(AnsibleRun files, String label, List<Path> playbooks, List<Work> works) throws InterruptedException {
        if (works.isEmpty()) {
            return;
        }
        if (playbooks.isEmpty()) {
            works.forEach(w -> {
                w.log.append("no playbook to run\n");
                finish(w, true, "ok=0 changed=0");
            });
            return;
        }
        Attempt first = attempt(files, label, playbooks, works);
        if (first == null) {
            return;
        }
        List<Work> retry = new ArrayList<>();
        for (Work work : works) {
            if (!decide(work, first, false)) {
                retry.add(work);
            }
        }
        if (retry.isEmpty()) {
            return;
        }
        LOG.info("Retrying {} unreachable host(s) of cluster {} once: {}", retry.size(), run.cluster().name(),
                retry.stream().map(w -> w.id).toList());
        retry.forEach(w -> w.log.append("== unreachable: trying once more\n"));
        Attempt second = attempt(files, label + "-retry", playbooks, retry);
        if (second != null) {
            retry.forEach(w -> decide(w, second, true));
        }
    }

    /** One ansible-playbook command limited to the works; null when it could not run (the works are finished). */
    private Attempt attempt(AnsibleRun files, String label, List<Path> playbooks, List<Work> works)
            throws InterruptedException {
        if (timeout != null && System.nanoTime() - started >= timeout.toNanos()) {
            closeAll(TIMED_OUT + seconds(timeout));
            return null;
        }
        List<String> command = new ArrayList<>();
        command.add(tool.playbook().toString());
        command.add("-i");
        command.add(files.inventory.toString());
        command.add("--extra-vars");
        command.add("@" + files.vars);
        PlaybookOutput output = new PlaybookOutput();
        try {
            command.add("--limit");
            command.add("@" + files.limit(label, works.stream().map(w -> w.id).toList()));
            playbooks.forEach(p -> command.add(p.toString()));
            long deadline = started + (timeout == null ? Duration.ofDays(365) : timeout).toNanos();
            String cluster = run.cluster().name();
            AnsibleProcess.Outcome outcome = files.run(command, Map.of(), line -> {
                LOG.debug("[{}] {}", cluster, line);
                output.accept(line);
                this.output.accept(line);
            }, null, deadline);
            if (outcome.timedOut()) {
                LOG.info("Ansible setup of cluster {} timed out after {}", run.cluster().name(), seconds(timeout));
            }
            return new Attempt(outcome, output);
        } catch (IOException e) {
            String message = "cannot run " + tool.playbook() + ": " + e.getMessage();
            works.forEach(w -> finish(w, false, message));
            return null;
        }
    }

    /**
     * Finishes a work from an attempt's output; returns false (and finishes nothing) for a host that
     * was unreachable and may be tried again.
     */
    private boolean decide(Work work, Attempt attempt, boolean last) {
        PlaybookOutput output = attempt.output();
        String hostLog = output.log(work.id);
        if (!hostLog.isEmpty()) {
            work.log.append(hostLog);
        }
        if (attempt.outcome().timedOut()) {
            finish(work, false, TIMED_OUT + seconds(timeout));
            return true;
        }
        PlaybookOutput.Recap recap = output.recap().get(work.id);
        String unreachable = output.unreachable(work.id);
        boolean wasUnreachable = (recap != null && recap.unreachable() > 0) || (recap == null && unreachable != null);
        if (recap != null && recap.failed() > 0) {
            String failure = output.failure(work.id);
            finish(work, false, failure != null ? failure : "failed=" + recap.failed() + " (see the log)");
        } else if (wasUnreachable) {
            if (!last) {
                return false;
            }
            finish(work, false, "unreachable (tried twice): " + (unreachable != null ? unreachable : "see the log"));
        } else if (recap != null) {
            finish(work, true, recap.counts());
        } else if (output.failure(work.id) != null) {
            finish(work, false, output.failure(work.id));
        } else if (attempt.outcome().exitCode() == 0) {
            finish(work, true, "ok=0 changed=0");
        } else {
            String error = output.errors().isEmpty() ? PlaybookOutput.lastLine(attempt.outcome().tail())
                    : output.errors().get(0);
            finish(work, false, "ansible-playbook exited " + attempt.outcome().exitCode()
                    + (error == null ? "" : ": " + error));
        }
        return true;
    }

    private void finish(Work work, boolean ok, String message) {
        NodeSetupResult result;
        int count;
        synchronized (this) {
            if (closed || work.result != null) {
                return;
            }
            result = new NodeSetupResult(work.id, ok, message == null ? null : PlaybookOutput.oneLine(message), elapsed(),
                    work.log.toString());
            work.result = result;
            count = ++done;
        }
        report(result, count);
    }

    /** Finishes every work that has no result yet with {@code message}. */
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
                    work.log.append("== ").append(message).append('\n');
                    work.result = new NodeSetupResult(work.id, false, message, elapsed(), work.log.toString());
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

    private static List<String> names(List<Path> playbooks) {
        return playbooks.stream().map(p -> p.getFileName().toString()).toList();
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
