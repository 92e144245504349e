package org.nubis.shell.cluster;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Signal;
import org.apache.karaf.shell.api.console.SignalListener;
import org.apache.karaf.shell.api.console.Terminal;
import org.jline.terminal.Attributes;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.SshTerminal;

@Command(scope = "cluster", name = "ssh", description = "Opens an interactive shell on a node of the cluster (the first node when none is named).")
@Service
public class SshCommand extends ClusterCommandSupport {

    @Reference
    private SshEngine ssh;

    @Argument(index = 0, name = "name", description = "The cluster", required = true, multiValued = false)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Argument(index = 1, name = "node", description = "Node id (cluster:show lists them)", required = false, multiValued = false)
    String node;

    @Override
    protected void doExecute() throws Exception {
        List<Machine> nodes = clusters.nodes(name).stream().filter(n -> n.state() == InstanceState.RUNNING && n.sshPort() > 0).toList();
        Machine target = node == null ? nodes.stream().findFirst().orElse(null)
                : nodes.stream().filter(n -> n.id().equals(node)).findFirst().orElse(null);
        if (target == null) {
            throw new IllegalArgumentException(node == null ? "cluster '" + name + "' has no running node"
                    : "cluster '" + name + "' has no running node '" + node + "'; running: "
                    + String.join(", ", nodes.stream().map(Machine::id).toList()));
        }
        // Keystrokes, Ctrl-C too, belong to the remote shell while it runs: the remote pty echoes
        // and edits, so the local console goes raw.
        Object ignoreInterrupts = session.get(Session.IGNORE_INTERRUPTS);
        session.put(Session.IGNORE_INTERRUPTS, Boolean.TRUE);
        org.jline.terminal.Terminal console = session.get(".jline.terminal") instanceof org.jline.terminal.Terminal t ? t : null;
        Attributes cooked = console == null ? null : console.enterRawMode();
        int status;
        try {
            InputStream keys = console == null ? session.getKeyboard() : new ConsoleKeys(console.reader());
            status = ssh.shell(new SshTarget(target.id(), target.publicHost(), target.sshPort(), target.sshUser()),
                    new SessionTerminal(session.getTerminal(), keys, session.getConsole()));
        } finally {
            if (cooked != null) {
                console.setAttributes(cooked);
            }
            session.put(Session.IGNORE_INTERRUPTS, ignoreInterrupts);
        }
        if (status > 0) {
            System.out.println("(remote shell exited with status " + status + ")");
        }
    }

    /** The Karaf console as the local end of the SSH session. */
    private record SessionTerminal(Terminal terminal, InputStream input, OutputStream output) implements SshTerminal {
        @Override
        public String type() {
            String t = terminal == null ? null : terminal.getType();
            return t == null || t.isBlank() || t.startsWith("dumb") ? "xterm" : t;
        }

        @Override
        public int columns() {
            return terminal == null || terminal.getWidth() <= 0 ? 80 : terminal.getWidth();
        }

        @Override
        public int rows() {
            return terminal == null || terminal.getHeight() <= 0 ? 24 : terminal.getHeight();
        }

        @Override
        public Subscription onResize(Runnable listener) {
            if (terminal == null) {
                return () -> { };
            }
            SignalListener onWinch = signal -> listener.run();
            terminal.addSignalListener(onWinch, Signal.WINCH);
            return () -> terminal.removeSignalListener(onWinch);
        }
    }
}
