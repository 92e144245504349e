package org.nubis.setup.script;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.nubis.api.machine.Machine;
import org.nubis.setup.support.NodeLogin;
import org.nubis.setup.support.SetupMessages;

/**
 * What a node learns about its cluster: {@code .nubis/cluster.env} (a sourceable sh file of
 * exported variables) and {@code .nubis/hosts} (one line per node).
 */
final class ClusterFacts {

    static final String PREFIX = "NUBIS_";
    private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ClusterFacts() {
    }

    static boolean isShellName(String name) {
        return name != null && SHELL_NAME.matcher(name).matches();
    }

    /** {@code NUBIS_NODES_<KIND>}: the kind upper-cased, every character a shell name cannot hold made {@code _}. */
    static String kindVariable(String kind) {
        return PREFIX + "NODES_" + kind.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    /** Single-quoted for sh: safe for any text, newlines included. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** {@code <privateHost or publicHost> <node id> <kind> <ssh port>}, one line per node that has an address. */
    static String hosts(List<Machine> nodes) {
        StringBuilder out = new StringBuilder();
        for (Machine node : nodes) {
            String address = NodeLogin.peerAddress(node);
            if (address != null && !address.isBlank()) {
                out.append(address).append(' ').append(node.id()).append(' ').append(node.kind()).append(' ')
                        .append(node.sshPort()).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The environment of one node's scripts.
     *
     * @param kinds every kind of the cluster, in template order (a kind without nodes gets an empty list)
     * @param vars  the template's setup vars, names already checked
     */
    static String env(String cluster, Machine node, List<Machine> nodes, Collection<String> kinds, Map<String, String> vars) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(PREFIX + "CLUSTER", cluster);
        values.put(PREFIX + "NODE", node.id());
        values.put(PREFIX + "KIND", node.kind());
        values.put(PREFIX + "NODES", String.join(" ", nodes.stream().map(Machine::id).toList()));
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        kinds.forEach(kind -> byKind.put(kind, new ArrayList<>()));
        nodes.forEach(n -> byKind.computeIfAbsent(n.kind(), k -> new ArrayList<>()).add(n.id()));
        byKind.forEach((kind, ids) -> values.put(kindVariable(kind), String.join(" ", ids)));
        new TreeMap<>(vars).forEach(values::put);

        StringBuilder out = new StringBuilder();
        out.append("# Written by Nubis (script setup) for node ").append(SetupMessages.oneLine(node.id())).append(" of cluster ")
                .append(SetupMessages.oneLine(cluster)).append(".\n# Sourced before every setup script: . ./.nubis/cluster.env\n");
        values.forEach((name, value) -> out.append("export ").append(name).append('=')
                .append(quote(value == null ? "" : value)).append('\n'));
        return out.toString();
    }
}
