package org.nubis.setup.script;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.TransferResult;
import org.nubis.setup.support.SetupLedger;
import org.nubis.setup.support.SetupMessages;

/**
 * The SSH fan-outs of a script setup: one command, or one file, to many nodes in one engine call.
 * What happened on each node goes to its log; a node where it failed is finished with the reason, and
 * the nodes where it worked are returned, to go on.
 */
final class NodeFanOut {

    /** The engine's own limit on a command comes after the run's deadline, as a safety net. */
    private static final Duration COMMAND_GRACE = Duration.ofSeconds(5);

    private final SshEngine ssh;
    private final SetupLedger ledger;

    NodeFanOut(SshEngine ssh, SetupLedger ledger) {
        this.ssh = ssh;
        this.ledger = ledger;
    }

    /**
     * Runs a command on the nodes and returns those where it exited 0; the others are finished with
     * {@code <what> exited N: <last stderr line>} or {@code <what>: <error>}.
     */
    List<NodeScripts> command(List<NodeScripts> nodes, String command, String label, String what)
            throws InterruptedException {
        if (nodes.isEmpty()) {
            return nodes;
        }
        Map<String, CommandResult> byId = new HashMap<>();
        try {
            ssh.run(nodes.stream().map(NodeScripts::target).toList(), command,
                    ledger.deadline().remaining().plus(COMMAND_GRACE), null).forEach(r -> byId.put(r.targetId(), r));
        } catch (RuntimeException e) {
            return failAll(nodes, what + ": " + e.getMessage());
        }
        List<NodeScripts> ok = new ArrayList<>();
        for (NodeScripts node : nodes) {
            CommandResult result = byId.get(node.id());
            if (result == null) {
                ledger.finish(node.id(), false, what + ": no result from the SSH engine");
                continue;
            }
            StringBuilder entry = new StringBuilder("== ").append(label).append(": ")
                    .append(result.error() != null ? result.error() : "exit " + result.exitCode())
                    .append(" (").append(SetupMessages.seconds(result.duration())).append(")\n");
            section(entry, "stdout", result.stdout());
            section(entry, "stderr", result.stderr());
            ledger.log(node.id(), entry.toString());
            if (result.error() != null) {
                ledger.finish(node.id(), false, what + ": " + result.error());
            } else if (result.exitCode() != 0) {
                String last = SetupMessages.lastLine(result.stderr());
                ledger.finish(node.id(), false, what + " exited " + result.exitCode() + (last == null ? "" : ": " + last));
            } else {
                ok.add(node);
            }
        }
        return ok;
    }

    /** Copies one local file to the same path on every node; returns the nodes that have it. */
    List<NodeScripts> put(List<NodeScripts> nodes, Path local, String remote, String what) throws InterruptedException {
        if (nodes.isEmpty()) {
            return nodes;
        }
        Map<String, TransferResult> byId = new HashMap<>();
        try {
            ssh.put(nodes.stream().map(NodeScripts::target).toList(), local, remote, null)
                    .forEach(r -> byId.put(r.targetId(), r));
        } catch (RuntimeException e) {
            return failAll(nodes, "copying " + what + ": " + e.getMessage());
        }
        List<NodeScripts> ok = new ArrayList<>();
        for (NodeScripts node : nodes) {
            TransferResult result = byId.get(node.id());
            String error = result == null ? "no result from the SSH engine" : result.error();
            ledger.log(node.id(), "== copy " + what + " to " + remote + ": "
                    + (error != null ? error : result.bytes() + " bytes") + "\n");
            if (error != null) {
                ledger.finish(node.id(), false, "copying " + what + ": " + error);
            } else {
                ok.add(node);
            }
        }
        return ok;
    }

    private List<NodeScripts> failAll(List<NodeScripts> nodes, String message) {
        nodes.forEach(node -> {
            ledger.log(node.id(), "== " + message + "\n");
            ledger.finish(node.id(), false, message);
        });
        return List.of();
    }

    private static void section(StringBuilder entry, String name, String text) {
        if (text != null && !text.isEmpty()) {
            entry.append("-- ").append(name).append('\n').append(text);
            if (!text.endsWith("\n")) {
                entry.append('\n');
            }
        }
    }
}
