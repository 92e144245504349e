package org.nubis.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * Runs an exec request with {@code /bin/sh -c} like sshd does, so that test commands are real; or,
 * for a shell request, {@code /bin/sh -i} on pipes (no real pty: dash then prompts on stderr and
 * does not echo), recording the pty request and window changes it was sent.
 */
final class ShellCommand implements Command {

    /** The prompt of login shells. */
    static final String PROMPT = "test-sh$ ";

    private final List<String> commandLine;
    private final boolean login;
    private final Path dir;
    private final Map<String, String> environment;
    private final TestHost.Stats stats;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Process process;

    ShellCommand(String command, Path dir, Map<String, String> environment, TestHost.Stats stats) {
        this(List.of("/bin/sh", "-c", command), false, dir, environment, stats);
    }

    private ShellCommand(List<String> commandLine, boolean login, Path dir, Map<String, String> environment,
                         TestHost.Stats stats) {
        this.commandLine = commandLine;
        this.login = login;
        this.dir = dir;
        this.environment = environment;
        this.stats = stats;
    }

    static ShellCommand login(Path dir, Map<String, String> environment, TestHost.Stats stats) {
        return new ShellCommand(List.of("/bin/sh", "-i"), true, dir, environment, stats);
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(dir.toFile());
        builder.environment().putAll(environment);
        if (login) {
            Map<String, String> requested = env.getEnv();
            stats.ptyRequests.add(new TestHost.PtyRequest(requested.get(Environment.ENV_TERM),
                    requested.get(Environment.ENV_COLUMNS), requested.get(Environment.ENV_LINES),
                    Map.copyOf(env.getPtyModes())));
            env.addSignalListener((ch, signal) -> stats.windowChanges.add(
                    env.getEnv().get(Environment.ENV_COLUMNS) + "x" + env.getEnv().get(Environment.ENV_LINES)),
                    Signal.WINCH);
            builder.environment().put("PS1", PROMPT);
            builder.environment().put("TERM", String.valueOf(requested.get(Environment.ENV_TERM)));
        }
        process = builder.start();
        stats.commandsStarted.incrementAndGet();
        Thread stdin = copy(in, process.getOutputStream(), true, "stdin");
        Thread stdout = copy(process.getInputStream(), out, false, "stdout");
        Thread stderr = copy(process.getErrorStream(), err, false, "stderr");
        Thread waiter = new Thread(() -> {
            try {
                int code = process.waitFor();
                if (login) {
                    stats.shellsEnded.incrementAndGet();
                }
                stdout.join();
                stderr.join();
                stdin.interrupt();
                exit.onExit(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-sh-wait");
        waiter.setDaemon(true);
        waiter.start();
    }

    private static Thread copy(InputStream from, OutputStream to, boolean closeTarget, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the channel or the process went away
            } finally {
                if (closeTarget) {
                    try {
                        to.close();
                    } catch (IOException e) {
                        // already closed
                    }
                }
            }
        }, "test-sh-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void destroy(ChannelSession channel) {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
            stats.commandsKilled.incrementAndGet();
        }
    }
}
