package org.nubis.setup.ansible;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.AdHocCommands;
import org.nubis.setup.support.NodeLogin;
import org.nubis.setup.support.SetupMessages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ad-hoc Ansible: {@code ansible all -i INVENTORY --limit NODES -m MODULE -a ARGS} over a cluster's
 * running nodes, with the same inventory, ansible.cfg and known_hosts as a setup run, read back
 * through Ansible's {@code json} stdout callback (one document, per host results).
 */
@Component(service = AdHocCommands.class)
public final class AnsibleAdHoc implements AdHocCommands {

    /** The longest an ad-hoc command may take. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.]*");
    private static final Set<String> NOISE = Set.of("invocation", "changed", "failed", "action", "ansible_facts",
            "_ansible_no_log", "stdout_lines", "stderr_lines", "warnings", "deprecations");
    private static final Logger LOG = LoggerFactory.getLogger(AnsibleAdHoc.class);

    private final ClusterService clusters;
    private final LocalAnsible ansible;

    @Activate
    public AnsibleAdHoc(@Reference(name = "clusters") ClusterService clusters, @Reference(name = "ansible") LocalAnsible ansible) {
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.ansible = Objects.requireNonNull(ansible, "ansible");
    }

    @Override
    public List<AdHocResult> run(String cluster, String limit, String module, String args) throws InterruptedException {
        Cluster c = clusters.cluster(cluster); // NotFoundException for an unknown cluster
        ClusterTemplate spec = c.spec();
        if (module == null || !MODULE.matcher(module.trim()).matches()) {
            throw new InvalidRequestException("'" + module + "' is not an Ansible module name (e.g. command, shell, ping, "
                    + "ansible.builtin.copy)");
        }
        List<Machine> running = clusters.nodes(cluster).stream()
                .filter(n -> n.state() == InstanceState.RUNNING && NodeLogin.of(n, spec).problem() == null).toList();
        List<Machine> selected = select(c, running, limit);
        AnsibleTool.Probe probe = ansible.tool().require();
        if (probe.adhoc() == null) {
            throw new InvalidRequestException("ansible (the ad-hoc command) not found next to " + probe.playbook()
                    + " nor on PATH; install ansible-core (Debian: apt install ansible-core)");
        }

        Map<String, AdHocResult> results = new LinkedHashMap<>();
        selected.forEach(n -> results.put(n.id(), null));
        List<String> targets = new ArrayList<>();
        for (Machine node : selected) {
            if (!ansible.pinned(node.id())) {
                results.put(node.id(), new AdHocResult(node.id(), "unreachable", false,
                        "no pinned host key: Nubis has not reached this node over SSH yet"));
            } else {
                targets.add(node.id());
            }
        }
        if (!targets.isEmpty()) {
            runAnsible(c, running, targets, module.trim(), args, probe).forEach(r -> results.put(r.nodeId(), r));
        }
        List<AdHocResult> answer = new ArrayList<>();
        results.forEach((id, r) -> answer.add(r != null ? r
                : new AdHocResult(id, "failed", false, "no result from ansible for this node")));
        return answer;
    }

    /** The running nodes {@code limit} names: a node id, a kind or a setup group; all of them for null. */
    static List<Machine> select(Cluster cluster, List<Machine> running, String limit) {
        if (running.isEmpty()) {
            throw new NotFoundException("cluster '" + cluster.name() + "' has no running node");
        }
        if (limit == null || limit.isBlank()) {
            return running;
        }
        String l = limit.trim();
        ClusterTemplate spec = cluster.spec();
        List<Machine> matched = running.stream().filter(n -> {
            if (n.id().equals(l) || n.kind().equals(l)) {
                return true;
            }
            NodeKind kind = spec == null ? null : spec.kinds().get(n.kind());
            return kind != null && kind.setupGroups().contains(l);
        }).toList();
        if (matched.isEmpty()) {
            Set<String> kinds = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            running.forEach(n -> kinds.add(n.kind()));
            if (spec != null) {
                spec.kinds().values().stream().filter(k -> kinds.contains(k.name()))
                        .forEach(k -> groups.addAll(k.setupGroups()));
            }
            throw new NotFoundException("no running node of cluster '" + cluster.name() + "' matches '" + l
                    + "' (a node id, a kind or a setup group); kinds: " + String.join(", ", kinds)
                    + (groups.isEmpty() ? "" : "; groups: " + String.join(", ", groups)));
        }
        return matched;
    }

    private List<AdHocResult> runAnsible(Cluster c, List<Machine> running, List<String> targets, String module, String args,
                                         AnsibleTool.Probe probe) throws InterruptedException {
        try (AnsibleRun files = ansible.newRun(c.name(), c.spec(), "adhoc-", running, targets.size())) {
            List<String> command = new ArrayList<>(List.of(probe.adhoc().toString(), "all", "-i", files.inventory.toString(),
                    "--extra-vars", "@" + files.vars, "--limit", "@" + files.limit("adhoc", targets), "-m", module));
            if (args != null && !args.isBlank()) {
                command.add("-a");
                command.add(args);
            }
            StringBuilder stdout = new StringBuilder();
            AnsibleProcess.Outcome outcome = files.run(command, Map.of("ANSIBLE_STDOUT_CALLBACK", "json",
                    "ANSIBLE_LOAD_CALLBACK_PLUGINS", "1"), null, stdout, System.nanoTime() + TIMEOUT.toNanos());
            String text;
            synchronized (stdout) {
                text = stdout.toString();
            }
            if (outcome.timedOut()) {
                return targets.stream().map(id -> new AdHocResult(id, "failed", false,
                        "timed out after " + TIMEOUT.toMinutes() + " min")).toList();
            }
            List<AdHocResult> parsed = parse(text, new LinkedHashSet<>(targets));
            if (parsed.isEmpty()) {
                String why = "ansible exited " + outcome.exitCode() + ": "
                        + Objects.requireNonNullElse(SetupMessages.lastLine(outcome.tail()), "no output");
                LOG.info("Ad-hoc {} on cluster {}: {}", module, c.name(), why);
                return targets.stream().map(id -> new AdHocResult(id, "failed", false, why)).toList();
            }
            return parsed;
        } catch (IOException e) {
            throw new InvalidRequestException("cannot run ansible: " + e.getMessage());
        }
    }

    /** The per-host results of the json callback's document (its first task), for the hosts asked. */
    @SuppressWarnings("unchecked")
    static List<AdHocResult> parse(String json, Set<String> asked) {
        int start = json.indexOf('{');
        Map<String, Object> doc = start < 0 ? null : AnsibleJson.object(json.substring(start));
        if (doc == null || !(doc.get("plays") instanceof List<?> plays)) {
            return List.of();
        }
        List<AdHocResult> out = new ArrayList<>();
        for (Object play : plays) {
            if (!(play instanceof Map<?, ?> p) || !(p.get("tasks") instanceof List<?> tasks)) {
                continue;
            }
            for (Object task : tasks) {
                if (!(task instanceof Map<?, ?> t) || !(t.get("hosts") instanceof Map<?, ?> hosts)) {
                    continue;
                }
                for (Map.Entry<?, ?> entry : hosts.entrySet()) {
                    String host = String.valueOf(entry.getKey());
                    if (asked.contains(host) && entry.getValue() instanceof Map<?, ?> result) {
                        out.add(result(host, (Map<String, Object>) result));
                    }
                }
            }
        }
        return out;
    }

    static AdHocResult result(String host, Map<String, Object> r) {
        boolean changed = Boolean.TRUE.equals(r.get("changed"));
        String status;
        if (Boolean.TRUE.equals(r.get("unreachable"))) {
            status = "unreachable";
        } else if (Boolean.TRUE.equals(r.get("failed")) || (r.get("rc") instanceof Number rc && rc.intValue() != 0)) {
            status = "failed";
        } else {
            status = changed ? "changed" : "ok";
        }
        return new AdHocResult(host, status, changed, output(r, status));
    }

    private static String output(Map<String, Object> r, String status) {
        String stdout = r.get("stdout") instanceof String s ? s : null;
        String stderr = r.get("stderr") instanceof String s ? s : null;
        String msg = r.get("msg") instanceof String s ? s.strip() : null;
        if (stdout != null || stderr != null || r.containsKey("rc")) {
            StringBuilder out = new StringBuilder(stdout == null ? "" : stdout);
            if (stderr != null && !stderr.isEmpty()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append(stderr);
            }
            if (status.equals("failed")) {
                if (msg != null && !msg.isEmpty()) {
                    out.append(out.length() > 0 ? "\n" : "").append(msg);
                }
                if (r.get("rc") != null) {
                    out.append(" (rc=").append(r.get("rc")).append(')');
                }
            }
            return out.toString();
        }
        if (msg != null && !msg.isEmpty()) {
            return msg;
        }
        Map<String, Object> rest = new LinkedHashMap<>(r);
        rest.keySet().removeIf(k -> NOISE.contains(k) || k.startsWith("_ansible"));
        return rest.isEmpty() ? "" : AnsibleJson.write(rest);
    }
}
