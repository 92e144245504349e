package org.nubis.setup.ansible;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.nubis.setup.support.SetupMessages;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The files of one run, as text: the inventory (YAML, written by SnakeYAML), ansible.cfg, known_hosts and
 * the extra vars (JSON, by Jackson). The inventory and ansible.cfg hold no secret: the private key is named by its path, and
 * the template's vars only go to the extra vars file, which is readable by its owner only.
 */
final class RunFiles {

    /** Where nubis_root points on a sandbox: its directory, which is the login's HOME (facts needed). */
    static final String SANDBOX_ROOT = "{{ ansible_env.HOME }}";
    /** Ansible's remote temp files in the sandbox: with ansible_user set, '~' would be the user's passwd home. */
    static final String SANDBOX_REMOTE_TMP = "$HOME/.ansible/tmp";
    /**
     * Ansible's own retries of an ssh command that failed with status 255: none, because a retried
     * module step may run twice (a copy whose source the first run already moved fails); a host that
     * was unreachable is tried once more as a whole instead (see {@link AnsibleSetup}).
     */
    static final int SSH_RETRIES = 0;
    private static final Pattern PLAIN_ARG = Pattern.compile("[A-Za-z0-9_./@:+=,-]+");

    /**
     * One node as the inventory lists it.
     *
     * @param groups  the setup groups of its kind
     * @param sandbox a local-cloud sandbox: nubis_root is its directory, and nothing is run as root
     * @param hostKey the pinned host key ({@code type base64}), or null when Nubis has none
     */
    record Host(String id, String kind, List<String> groups, String host, int port, String user, String privateIp,
                boolean sandbox, String hostKey) {
    }

    private RunFiles() {
    }

    /**
     * The inventory: every host with its connection and Nubis variables under {@code all}, one group per
     * kind and per setup group (in template order).
     */
    static String inventory(String cluster, String run, List<Host> hosts, List<String> groupOrder, Path privateKey) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("nubis_cluster", cluster);
        vars.put("ansible_ssh_private_key_file", privateKey.toString());
        Map<String, Object> hostVars = new LinkedHashMap<>();
        hosts.forEach(h -> hostVars.put(h.id(), hostVars(h)));
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        groupOrder.forEach(g -> groups.put(g, new LinkedHashSet<>()));
        for (Host h : hosts) {
            groups.computeIfAbsent(h.kind(), g -> new LinkedHashSet<>()).add(h.id());
            h.groups().forEach(g -> groups.computeIfAbsent(g, x -> new LinkedHashSet<>()).add(h.id()));
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("vars", vars);
        all.put("hosts", hostVars);
        if (!groups.isEmpty()) {
            Map<String, Object> children = new LinkedHashMap<>();
            groups.forEach((group, members) -> {
                Map<String, Object> memberHosts = new LinkedHashMap<>();
                members.forEach(id -> memberHosts.put(id, Map.of()));
                children.put(group, Map.of("hosts", memberHosts));
            });
            all.put("children", children);
        }
        return "# Ansible inventory of cluster " + SetupMessages.oneLine(cluster) + " (run " + run + "), written by Nubis.\n"
                + "# One group per node kind and per setup group; nubis_root is where playbooks write (\"/\", or the "
                + "node's directory on the local cloud).\n"
                + yaml().dump(Map.of("all", all));
    }

    /**
     * SnakeYAML as Ansible's YAML 1.1 reader needs it: block style, and strings that would not read back
     * as themselves quoted ({@code yes}, {@code 012}, Jinja, line breaks), non-printable and non-ASCII
     * characters escaped (SnakeYAML would otherwise write such a string as {@code !!binary}), no folded lines.
     * Ansible reads the file with PyYAML, which follows the same YAML 1.1 rules as SnakeYAML.
     */
    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        // Non-ASCII as escapes in double quotes: with it allowed, SnakeYAML 2.3 writes a string holding one
        // of YAML 1.1's other line breaks (U+0085, U+2028) as a block scalar that reads back changed.
        options.setAllowUnicode(false);
        options.setSplitLines(false);
        options.setDereferenceAliases(true); // an object met twice is written twice, not as &anchor and *alias
        return new Yaml(options);
    }

    /**
     * The variables of one host, in the order the inventory lists them. Sandboxes share SSH
     * connections like every other host (ansible.cfg's ssh_args): the local cloud sends a command's
     * exit status before its end of output, as OpenSSH's sshd does, whatever a mux client does first.
     */
    static Map<String, Object> hostVars(Host h) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("ansible_host", h.host());
        vars.put("ansible_port", h.port());
        if (h.user() != null && !h.user().isBlank()) {
            vars.put("ansible_user", h.user());
        }
        vars.put("nubis_private_ip", h.privateIp() != null && !h.privateIp().isBlank() ? h.privateIp() : h.host());
        vars.put("nubis_kind", h.kind());
        vars.put("nubis_node_id", h.id());
        vars.put("nubis_sandbox", h.sandbox());
        if (h.sandbox()) {
            vars.put("nubis_root", SANDBOX_ROOT);
            vars.put("nubis_become", false);
            vars.put("ansible_remote_tmp", SANDBOX_REMOTE_TMP);
        } else {
            vars.put("nubis_root", "/");
            vars.put("nubis_become", !"root".equals(h.user()));
        }
        return vars;
    }

    /** One line per host with a pinned key: {@code [host]:port type base64} ({@code host type base64} on port 22). */
    static String knownHosts(List<Host> hosts) {
        StringBuilder out = new StringBuilder();
        Set<String> seen = new LinkedHashSet<>();
        for (Host h : hosts) {
            if (h.hostKey() == null || h.hostKey().isBlank()) {
                continue;
            }
            String[] key = h.hostKey().trim().split("\\s+");
            if (key.length < 2) {
                continue;
            }
            String line = (h.port() == 22 ? h.host() : "[" + h.host() + "]:" + h.port()) + " " + key[0] + " " + key[1];
            if (seen.add(line)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * ansible.cfg of a run: fast (pipelining, shared SSH connections, fact cache, smart gathering),
     * strict (host key checking against the run's known_hosts only, no ssh_config, no agent keys),
     * and writing only under the run's directory.
     *
     * @param controlDir directory of the SSH control sockets, or null for no connection sharing
     */
    static String ansibleCfg(Path runDir, Path inventory, Path knownHosts, Path controlDir, int forks) {
        List<String> ssh = sshArgs(knownHosts, controlDir != null);
        StringBuilder out = new StringBuilder();
        out.append("# ansible.cfg of one Nubis run (ANSIBLE_CONFIG points here). Written by Nubis.\n");
        out.append("[defaults]\n");
        out.append("inventory = ").append(inventory).append('\n');
        out.append("forks = ").append(forks).append('\n');
        out.append("gathering = smart\n");
        out.append("fact_caching = jsonfile\n");
        out.append("fact_caching_connection = ").append(runDir.resolve("facts")).append('\n');
        out.append("fact_caching_timeout = 86400\n");
        out.append("host_key_checking = True\n");
        out.append("retry_files_enabled = False\n");
        out.append("stdout_callback = default\n");
        out.append("interpreter_python = auto_silent\n");
        out.append("force_valid_group_names = ignore\n");
        out.append("nocolor = True\n");
        out.append("local_tmp = ").append(runDir.resolve("tmp")).append('\n');
        out.append("timeout = 15\n");
        out.append("\n[ssh_connection]\n");
        out.append("pipelining = True\n");
        out.append("ssh_args = ").append(String.join(" ", ssh.stream().map(RunFiles::shellWord).toList())).append('\n');
        if (controlDir != null) {
            out.append("control_path_dir = ").append(controlDir).append('\n');
        }
        out.append("retries = ").append(SSH_RETRIES).append('\n');
        return out.toString();
    }

    /**
     * ssh's options: no ssh_config, host keys checked against the run's known_hosts only, no agent
     * keys, no prompt; {@code share} for ControlMaster=auto with ControlPersist=60s.
     */
    static List<String> sshArgs(Path knownHosts, boolean share) {
        List<String> ssh = new ArrayList<>(List.of("-F", "/dev/null"));
        if (share) {
            ssh.addAll(List.of("-o", "ControlMaster=auto", "-o", "ControlPersist=60s"));
        } else {
            ssh.addAll(List.of("-o", "ControlMaster=no"));
        }
        ssh.addAll(List.of("-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "UpdateHostKeys=no", "-o", "IdentitiesOnly=yes",
                "-o", "BatchMode=yes", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4"));
        return ssh;
    }

    /** The extra vars: the template's setup vars, each as itself and all together as {@code nubis_vars}. */
    static String extraVars(Map<String, String> vars) {
        Map<String, Object> all = new TreeMap<>(vars);
        all.put("nubis_vars", new TreeMap<>(vars));
        return AnsibleJson.write(all) + "\n";
    }

    /** What a path in ansible.cfg must not contain: its parser takes '%' and ' ;' specially. */
    static String cfgPathProblem(Path path) {
        String text = path.toString();
        if (text.contains("%") || text.contains(";") || text.contains("\n") || text.contains("#")) {
            return "path " + text + " has a character ansible.cfg cannot hold (%, ;, # or a newline)";
        }
        return null;
    }

    /** An argument as shlex reads it back (Ansible splits ssh_args with shlex). */
    static String shellWord(String word) {
        if (PLAIN_ARG.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
