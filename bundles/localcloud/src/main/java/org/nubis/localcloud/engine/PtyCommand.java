package org.nubis.localcloud.engine;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;

/** A command or shell on a real pseudo terminal (pty4j), for clients that asked for a pty; a terminal has one output, so stderr goes there too. */
final class PtyCommand extends SandboxCommand {

    /** How often to look again for output the kernel had not yet passed to the pty master at exit. */
    private static final int DRAIN_TRIES = 4;
    private static final long DRAIN_PAUSE_MS = 5;

    private volatile PtyProcess process;

    PtyCommand(SandboxProcesses processes, List<String> argv, Executor io) {
        super(processes, argv, io);
    }

    /** Whether the client asked for a pty. MINA records a pty-req as TERM/COLUMNS/LINES in the environment. */
    static boolean requested(Environment env) {
        Map<String, String> vars = env.getEnv();
        return vars.containsKey(Environment.ENV_COLUMNS) || !env.getPtyModes().isEmpty();
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        WinSize size = sizeOf(env);
        Map<String, String> environment = processes.environment(
                env.getEnv(), channel.getSession().getRemoteAddress(), channel.getSession().getLocalAddress());
        environment.putIfAbsent("TERM", "xterm");
        PtyProcess started = processes.startPty(argv, environment, size);
        process = started;
        env.addSignalListener((ch, signal) -> resize(started, sizeOf(env)), Signal.WINCH);

        io.execute(() -> {
            // No EOF on a terminal: when the client's input ends we just stop forwarding it.
            StreamCopy.copy(in, started.getOutputStream());
        });
        io.execute(() -> {
            InputStream output = started.getInputStream();
            StreamCopy.copy(output, out);
            int status = waitFor(started);
            drain(output);
            StreamCopy.closeQuietly(output);
            exitCallback.onExit(status);
        });
    }

    @Override
    public void destroy(ChannelSession channel) {
        PtyProcess p = process;
        if (p != null && p.isAlive()) {
            // The session is gone: hang up the terminal, as OpenSSH does.
            if (p instanceof com.pty4j.unix.UnixPtyProcess unix) {
                unix.hangup();
            }
            StreamCopy.closeQuietly(p.getInputStream());
        }
    }

    /**
     * After the process exits, pty4j stops reading at once, but the kernel may pass the last output to the
     * master a moment later (short commands like {@code tty} would otherwise print nothing).
     */
    private void drain(InputStream output) {
        byte[] buffer = new byte[8192];
        for (int tries = 0; tries < DRAIN_TRIES; tries++) {
            try {
                int n = output.read(buffer);
                if (n > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    tries = -1;
                } else {
                    Thread.sleep(DRAIN_PAUSE_MS);
                }
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void resize(PtyProcess process, WinSize size) {
        try {
            if (process.isAlive()) {
                process.setWinSize(size);
            }
        } catch (RuntimeException e) {
            // The terminal went away meanwhile.
        }
    }

    private static WinSize sizeOf(Environment env) {
        return new WinSize(number(env, Environment.ENV_COLUMNS, 80), number(env, Environment.ENV_LINES, 24));
    }

    private static int number(Environment env, String name, int fallback) {
        try {
            int value = Integer.parseInt(env.getEnv().getOrDefault(name, ""));
            return value > 0 ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
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
