package org.nubis.api.setup;

import java.util.List;

/**
 * One-off configuration commands over a cluster's nodes (Ansible ad-hoc: one module with its
 * arguments), for what a playbook does not cover.
 */
public interface AdHocCommands {

    /** What one node answered. */
    record AdHocResult(String nodeId, String status, boolean changed, String output) {
        public boolean ok() {
            return "ok".equals(status) || "changed".equals(status);
        }
    }

    /**
     * Runs one module on the cluster's running nodes.
     *
     * @param limit a kind, a setup group or a node id to narrow the nodes, or null for all
     * @throws org.nubis.api.NotFoundException      for an unknown cluster or a limit that matches no node
     * @throws org.nubis.api.InvalidRequestException when the tool is missing or refused (the message says how to fix it)
     */
    List<AdHocResult> run(String cluster, String limit, String module, String args) throws InterruptedException;
}
