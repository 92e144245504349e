package org.nubis.core.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.machine.Machine;

/** An Ansible inventory (INI) of a cluster: a group per kind and per setup group, connection vars per host. */
final class Inventory {

    private Inventory() {
    }

    static String of(Cluster cluster, List<Machine> nodes, Path privateKey) {
        StringBuilder out = new StringBuilder();
        out.append("# Ansible inventory of cluster ").append(cluster.name()).append(", written by Nubis.\n");
        out.append("[all:vars]\n");
        out.append("ansible_ssh_private_key_file=").append(privateKey).append('\n');
        out.append("nubis_cluster=").append(cluster.name()).append("\n\n");
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (NodeKind kind : cluster.spec().kinds().values()) {
            groups.computeIfAbsent(kind.name(), k -> new LinkedHashSet<>());
            for (String g : kind.setupGroups()) {
                groups.computeIfAbsent(g, k -> new LinkedHashSet<>());
            }
        }
        for (Machine n : nodes) {
            NodeKind kind = cluster.spec().kinds().get(n.kind());
            groups.computeIfAbsent(n.kind(), k -> new LinkedHashSet<>()).add(host(n));
            if (kind != null) {
                kind.setupGroups().forEach(g -> groups.get(g).add(n.id()));
            }
        }
        groups.forEach((group, hosts) -> {
            out.append('[').append(group).append("]\n");
            hosts.forEach(h -> out.append(h).append('\n'));
            out.append('\n');
        });
        return out.toString();
    }

    /** The host line, with its connection vars, goes in the group of its kind. */
    private static String host(Machine n) {
        StringBuilder line = new StringBuilder(n.id());
        line.append(" ansible_host=").append(n.publicHost());
        line.append(" ansible_port=").append(n.sshPort());
        if (n.sshUser() != null) {
            line.append(" ansible_user=").append(n.sshUser());
        }
        if (n.privateHost() != null) {
            line.append(" private_ip=").append(n.privateHost());
        }
        line.append(" nubis_kind=").append(n.kind());
        return line.toString();
    }
}
