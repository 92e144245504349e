package org.nubis.localcloud.engine;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * A command without a terminal: a process whose stdin, stdout and stderr are pipes to the SSH channel.
 * The exit status is sent only after stdout and stderr are fully copied, so nothing is lost at the end.
 */
final class PipeCommand extends SandboxCommand {

    private volatile Process process;

    PipeCommand(SandboxProcesses processes, List<String> argv, Executor io) {
        super(processes, argv, io);
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(processes.environment(
                env.getEnv(), channel.getSession().getRemoteAddress(), channel.getSession().getLocalAddress()));
        Process started = processes.start(builder);
        process = started;
        // RFC 4254 "signal" requests (as OpenSSH's sshd honours them): how a client stops a command
        // it gave up on. Java can send TERM and KILL; the other signals end the command with TERM.
        env.addSignalListener((ch, signal) -> signal(started, signal), EnumSet.complementOf(EnumSet.of(Signal.WINCH)));

        io.execute(() -> {
            StreamCopy.copy(in, started.getOutputStream());
            // The client sent EOF: the process sees end of its stdin, as with OpenSSH.
            StreamCopy.closeQuietly(started.getOutputStream());
        });
        CompletableFuture<Void> stdout = CompletableFuture.runAsync(
                () -> StreamCopy.copy(started.getInputStream(), out), io);
        io.execute(() -> {
            StreamCopy.copy(started.getErrorStream(), err);
            stdout.join();
            int status = waitFor(started);
            exitCallback.onExit(status);
        });
    }

    @Override
    public void destroy(ChannelSession channel) {
        // The channel closed. Like OpenSSH without a pty, the process is not killed: it sees EOF on stdin,
        // and SIGPIPE if it writes; sandbox stop/terminate kills whatever is left.
        Process p = process;
        if (p != null) {
            StreamCopy.closeQuietly(p.getOutputStream());
        }
    }

    /**
     * The command first, then what it started (listed before, since they lose their parent): the other
     * way round a shell could see its child die and run its next command, and exit 0, before its own
     * signal arrived (seen in CI).
     */
    private static void signal(Process process, Signal signal) {
        boolean kill = signal == Signal.KILL;
        List<ProcessHandle> children = process.descendants().toList();
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        children.forEach(p -> {
            if (kill) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        });
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 255;
        }
    }
}
