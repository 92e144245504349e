package org.nubis.setup.ansible;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.nubis.setup.support.NodeLogin;
import org.nubis.setup.support.SetupLedger;
import org.nubis.setup.support.SetupMessages;
import org.nubis.setup.support.TemplateFiles;
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

    private static final Logger LOG = LoggerFactory.getLogger(AnsibleSetup.class);

    /** What one ansible-playbook command did. */
    private record Attempt(AnsibleProcess.Outcome outcome, PlaybookOutput output) {
    }

    private final LocalAnsible ansible;
    private final AnsibleTool.Probe tool;
    private final Consumer<String> output;
    private final SetupRun run;
    private final SetupLedger ledger;
    private final Map<String, Machine> nodes = new LinkedHashMap<>();

    /** @param output told each line of Ansible's output as it comes (the cluster's progress events) */
    AnsibleSetup(LocalAnsible ansible, AnsibleTool.Probe tool, SetupRun run, Consumer<String> output) {
        this.ansible = ansible;
        this.tool = tool;
        this.output = output;
        this.run = run;
        this.ledger = new SetupLedger(run);
        run.nodes().forEach(node -> nodes.put(node.id(), node));
    }

    SetupReport execute() throws InterruptedException {
        Cluster cluster = run.cluster();
        ClusterTemplate spec = cluster.spec();
        TemplateFiles playbooks = AnsibleSetupProvider.playbooks(TemplateFiles.templateDir(run));

        // What each kind runs, or why it cannot.
        Map<String, List<Path>> setupOf = new LinkedHashMap<>();
        Map<String, List<Path>> refreshOf = new LinkedHashMap<>();
        Map<String, String> setupProblem = new LinkedHashMap<>();
        Map<String, String> refreshProblem = new LinkedHashMap<>();
        if (spec != null) {
            for (NodeKind kind : spec.kinds().values()) {
                resolve(playbooks, kind.name(), kind.setupScripts(), setupOf, setupProblem);
                resolve(playbooks, kind.name(), kind.refreshScripts(), refreshOf, refreshProblem);
            }
        }

        List<String> configure = new ArrayList<>();
        List<String> refresh = new ArrayList<>();
        for (String id : ledger.nodeIds()) {
            Machine node = nodes.get(id);
            boolean configures = ledger.configures(id);
            String problem = node == null ? "not among the cluster's nodes"
                    : spec == null || !spec.kinds().containsKey(node.kind()) ? "kind " + node.kind() + " is not in the cluster's template"
                    : NodeLogin.of(node, spec).problem();
            if (problem == null) {
                problem = configures ? setupProblem.get(node.kind()) : refreshProblem.get(node.kind());
            }
            if (problem == null && !ansible.pinned(id)) {
                problem = "no pinned host key: Nubis has not reached this node over SSH yet";
            }
            if (problem != null) {
                ledger.finish(id, false, problem);
            } else if (configures) {
                configure.add(id);
            } else if (refreshOf.getOrDefault(node.kind(), List.of()).isEmpty()) {
                ledger.log(id, "no refresh playbook for kind " + node.kind() + "\n");
                ledger.finish(id, true, "nothing to refresh");
            } else {
                refresh.add(id);
            }
        }
        if (configure.isEmpty() && refresh.isEmpty()) {
            return ledger.report();
        }
        List<Path> configurePlaybooks = union(configure, setupOf);
        List<Path> refreshPlaybooks = union(refresh, refreshOf);
        LOG.info("Ansible setup of cluster {}: {} node(s) to configure with {}, {} to refresh with {}", cluster.name(),
                configure.size(), names(configurePlaybooks), refresh.size(), names(refreshPlaybooks));

        AnsibleRun files;
        try {
            files = ansible.newRun(cluster.name(), spec, "", run.nodes(), Math.max(configure.size(), refresh.size()));
        } catch (IOException | RuntimeException e) {
            ledger.closeAll("cannot write the run's files in " + ansible.workspace().root() + ": " + e.getMessage());
            return ledger.report();
        }
        configure.forEach(id -> ledger.log(id, "ansible log: " + files.log + "\n"));
        refresh.forEach(id -> ledger.log(id, "ansible log: " + files.log + "\n"));
        try {
            phase(files, "configure", configurePlaybooks, configure);
            phase(files, "refresh", refreshPlaybooks, refresh);
        } catch (InterruptedException e) {
            LOG.info("Ansible setup of cluster {} cancelled", cluster.name());
            ledger.closeAll(SetupLedger.CANCELLED);
            throw e;
        } finally {
            files.close();
        }
        return ledger.report();
    }

    private static void resolve(TemplateFiles playbooks, String kind, List<String> written, Map<String, List<Path>> paths,
                                Map<String, String> problems) {
        List<Path> resolved = new ArrayList<>();
        for (String playbook : written) {
            String problem = playbooks.problem(playbook);
            if (problem != null) {
                problems.put(kind, "playbook " + (playbook == null ? "" : playbook.trim()) + ": " + problem);
                return;
            }
            resolved.add(playbooks.resolve(playbook));
        }
        paths.put(kind, resolved);
    }

    /** The playbooks of the nodes' kinds, in template order, each once. */
    private List<Path> union(List<String> ids, Map<String, List<Path>> byKind) {
        Set<String> kinds = new LinkedHashSet<>();
        ids.forEach(id -> kinds.add(nodes.get(id).kind()));
        Set<Path> playbooks = new LinkedHashSet<>();
        byKind.forEach((kind, paths) -> {
            if (kinds.contains(kind)) {
                playbooks.addAll(paths);
            }
        });
        return List.copyOf(playbooks);
    }

    /** Runs the playbooks on the nodes, retries the unreachable ones once, and finishes every node. */
    private void phase(AnsibleRun files, String label, List<Path> playbooks, List<String> ids) throws InterruptedException {
        if (ids.isEmpty()) {
            return;
        }
        if (playbooks.isEmpty()) {
            ids.forEach(id -> {
                ledger.log(id, "no playbook to run\n");
                ledger.finish(id, true, "ok=0 changed=0");
            });
            return;
        }
        Attempt first = attempt(files, label, playbooks, ids);
        if (first == null) {
            return;
        }
        List<String> retry = ids.stream().filter(id -> !decide(id, first, false)).toList();
        if (retry.isEmpty()) {
            return;
        }
        LOG.info("Retrying {} unreachable host(s) of cluster {} once: {}", retry.size(), run.cluster().name(), retry);
        retry.forEach(id -> ledger.log(id, "== unreachable: trying once more\n"));
        Attempt second = attempt(files, label + "-retry", playbooks, retry);
        if (second != null) {
            retry.forEach(id -> decide(id, second, true));
        }
    }

    /** One ansible-playbook command limited to the nodes; null when it could not run (the nodes are finished). */
    private Attempt attempt(AnsibleRun files, String label, List<Path> playbooks, List<String> ids)
            throws InterruptedException {
        if (ledger.deadline().passed()) {
            ledger.closeAll(ledger.deadline().timedOut());
            return null;
        }
        List<String> command = new ArrayList<>(List.of(tool.playbook().toString(), "-i", files.inventory.toString(),
                "--extra-vars", "@" + files.vars));
        PlaybookOutput playbookOutput = new PlaybookOutput();
        try {
            command.add("--limit");
            command.add("@" + files.limit(label, ids));
            playbooks.forEach(p -> command.add(p.toString()));
            String cluster = run.cluster().name();
            AnsibleProcess.Outcome outcome = files.run(command, Map.of(), line -> {
                LOG.debug("[{}] {}", cluster, line);
                playbookOutput.accept(line);
                output.accept(line);
            }, null, ledger.deadline().nanoTime());
            if (outcome.timedOut()) {
                LOG.info("Ansible setup of cluster {}: {}", cluster, ledger.deadline().timedOut());
            }
            return new Attempt(outcome, playbookOutput);
        } catch (IOException e) {
            String message = "cannot run " + tool.playbook() + ": " + e.getMessage();
            ids.forEach(id -> ledger.finish(id, false, message));
            return null;
        }
    }

    /**
     * Finishes a node from an attempt's output; returns false (and finishes nothing) for a host that
     * was unreachable and may be tried again.
     */
    private boolean decide(String id, Attempt attempt, boolean last) {
        PlaybookOutput out = attempt.output();
        String hostLog = out.log(id);
        if (!hostLog.isEmpty()) {
            ledger.log(id, hostLog);
        }
        if (attempt.outcome().timedOut()) {
            ledger.finish(id, false, ledger.deadline().timedOut());
            return true;
        }
        PlaybookOutput.Recap recap = out.recap().get(id);
        String unreachable = out.unreachable(id);
        boolean wasUnreachable = (recap != null && recap.unreachable() > 0) || (recap == null && unreachable != null);
        if (recap != null && recap.failed() > 0) {
            String failure = out.failure(id);
            ledger.finish(id, false, failure != null ? failure : "failed=" + recap.failed() + " (see the log)");
        } else if (wasUnreachable) {
            if (!last) {
                return false;
            }
            ledger.finish(id, false, "unreachable (tried twice): " + (unreachable != null ? unreachable : "see the log"));
        } else if (recap != null) {
            ledger.finish(id, true, recap.counts());
        } else if (out.failure(id) != null) {
            ledger.finish(id, false, out.failure(id));
        } else if (attempt.outcome().exitCode() == 0) {
            ledger.finish(id, true, "ok=0 changed=0");
        } else {
            String error = out.errors().isEmpty() ? SetupMessages.lastLine(attempt.outcome().tail()) : out.errors().get(0);
            ledger.finish(id, false, "ansible-playbook exited " + attempt.outcome().exitCode()
                    + (error == null ? "" : ": " + error));
        }
        return true;
    }

    private static List<String> names(List<Path> playbooks) {
        return playbooks.stream().map(p -> p.getFileName().toString()).toList();
    }
}
