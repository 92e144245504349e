package org.nubis.setup.ansible;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.HostKeyPins;
import org.nubis.setup.support.NodeLogin;

/** The inventory's view of a cluster's nodes. */
final class ClusterHosts {

    private ClusterHosts() {
    }

    /**
     * Whether a node is a local-cloud sandbox (a directory on the machine Nubis runs on): its address
     * is a loopback one, or its cloud is of type {@code local} (when the cloud registry is there to ask).
     */
    static boolean sandbox(Machine node, CloudRegistry registry) {
        if (loopback(node.publicHost())) {
            return true;
        }
        if (registry != null && node.cloud() != null) {
            try {
                for (CloudInfo cloud : registry.clouds()) {
                    if (cloud.name().equals(node.cloud())) {
                        return "local".equals(cloud.type());
                    }
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * A node runs in a local-cloud sandbox (a directory on the Nubis machine) when its cloud is of type
     * {@code local}, or when its address is a loopback one (a sandbox reached through another face of
     * the local cloud, such as its EC2 API): then nubis_root is its directory and nothing becomes root.
     */
    static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("ip6-localhost") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The hosts of the inventory: every node with an SSH address, with its kind's groups and its pinned key. */
    static List<RunFiles.Host> of(ClusterTemplate spec, List<Machine> nodes, HostKeyPins pins, Predicate<Machine> sandbox) {
        List<RunFiles.Host> hosts = new ArrayList<>();
        for (Machine node : nodes) {
            NodeLogin login = NodeLogin.of(node, spec);
            if (login.problem() != null) {
                continue;
            }
            NodeKind kind = spec == null ? null : spec.kinds().get(node.kind());
            String key = pins == null ? null : pins.pinned(node.id()).orElse(null);
            hosts.add(new RunFiles.Host(node.id(), node.kind(), kind == null ? List.of() : kind.setupGroups(),
                    login.host(), login.port(), login.user(), node.privateHost(), sandbox.test(node), key));
        }
        return hosts;
    }

    /** Groups in template order: each kind, then its setup groups. */
    static List<String> groupOrder(ClusterTemplate spec) {
        List<String> order = new ArrayList<>();
        if (spec != null) {
            for (NodeKind kind : spec.kinds().values()) {
                if (!order.contains(kind.name())) {
                    order.add(kind.name());
                }
                kind.setupGroups().stream().filter(g -> !order.contains(g)).forEach(order::add);
            }
        }
        return order;
    }
}
