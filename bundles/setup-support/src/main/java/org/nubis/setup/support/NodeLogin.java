package org.nubis.setup.support;

import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.machine.Machine;

/**
 * How a setup logs in to a node over SSH: the node's public host and SSH port, with its own user, else
 * the template's login user.
 */
public record NodeLogin(String host, int port, String user) {

    public static NodeLogin of(Machine node, ClusterTemplate template) {
        String user = node.sshUser() != null && !node.sshUser().isBlank() ? node.sshUser()
                : template == null ? null : template.loginUser();
        return new NodeLogin(node.publicHost() == null ? null : node.publicHost().trim(), node.sshPort(), user);
    }

    /** Why a setup cannot log in yet, or null. */
    public String problem() {
        if (host == null || host.isEmpty() || port < 1 || port > 65535 || user == null || user.isBlank()) {
            return "no SSH address yet (host " + host + ", port " + port + ", user " + user + ")";
        }
        return null;
    }

    /** The address the cluster's other nodes reach a node at: its private address, else its public one. */
    public static String peerAddress(Machine node) {
        return node.privateHost() != null && !node.privateHost().isBlank() ? node.privateHost() : node.publicHost();
    }
}
