package org.nubis.localcloud.engine;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ShellFactory;

/**
 * Turns exec and shell requests into processes of the sandbox the client connected to:
 * {@code /bin/sh -c COMMAND} or a login {@code /bin/sh}, on a pty when the client asked for one.
 */
final class SandboxCommands implements CommandFactory, ShellFactory {

    private static final String SHELL = "/bin/sh";

    private final SandboxSshServer server;
    private final Executor io;

    SandboxCommands(SandboxSshServer server, Executor io) {
        this.server = server;
        this.io = io;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) throws IOException {
        return create(channel, List.of(SHELL, "-c", command));
    }

    @Override
    public Command createShell(ChannelSession channel) throws IOException {
        return create(channel, List.of(SHELL, "-l"));
    }

    private Command create(ChannelSession channel, List<String> argv) throws IOException {
        SandboxProcesses processes = server.requireSandbox(channel.getSession()).processes();
        // A pty-req, if any, has arrived before the exec/shell request, so the environment tells.
        if (PtyCommand.requested(channel.getEnvironment())) {
            return new PtyCommand(processes, argv, io);
        }
        return new PipeCommand(processes, argv, io);
    }
}
