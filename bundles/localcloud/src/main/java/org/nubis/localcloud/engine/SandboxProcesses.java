package org.nubis.localcloud.engine;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import com.pty4j.unix.UnixPtyProcess;
import com.pty4j.util.PtyUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts a sandbox's processes the way OpenSSH's sshd would (working directory and HOME = the sandbox dir,
 * a clean environment) and remembers them, so that stopping or terminating the sandbox can kill them all.
 */
final class SandboxProcesses {

    /**
     * Every sandbox process carries this variable. Children inherit it, so even processes that left the
     * process tree (nohup ... &, double forks) can be found and killed when the sandbox goes away.
     */
    static final String MARKER = "NUBIS_SANDBOX_ID";

    static final String OS_USER = System.getProperty("user.name");
    private static final String SHELL = "/bin/sh";
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Set by us, or meaningless inside a sandbox; never taken from what the client sends. */
    private static final Set<String> NOT_FROM_CLIENT = Set.of(
            "HOME", "USER", "LOGNAME", "SHELL", "PATH", "PWD", "MAIL", "COLUMNS", "LINES",
            "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "LD_PRELOAD", "LD_LIBRARY_PATH", MARKER);

    private final String sandboxId;
    private final Path dir;
    private final Set<ProcessHandle> running = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    SandboxProcesses(String sandboxId, Path dir) {
        this.sandboxId = sandboxId;
        this.dir = dir;
    }

    String sandboxId() {
        return sandboxId;
    }

    Path dir() {
        return dir;
    }

    /** The environment of a process run for an SSH client (client's variables first, ours win). */
    Map<String, String> environment(Map<String, String> fromClient, SocketAddress remote, SocketAddress local) {
        Map<String, String> env = new TreeMap<>();
        fromClient.forEach((name, value) -> {
            if (!NOT_FROM_CLIENT.contains(name) && value != null) {
                env.put(name, value);
            }
        });
        env.putAll(baseEnvironment());
        if (remote instanceof InetSocketAddress client && local instanceof InetSocketAddress server) {
            String clientHost = client.getAddress().getHostAddress();
            String serverHost = server.getAddress().getHostAddress();
            env.put("SSH_CONNECTION", clientHost + " " + client.getPort() + " " + serverHost + " " + server.getPort());
            env.put("SSH_CLIENT", clientHost + " " + client.getPort() + " " + server.getPort());
        }
        return env;
    }

    /** The environment of a process not started by an SSH client (user data). */
    Map<String, String> baseEnvironment() {
        Map<String, String> env = new TreeMap<>();
        env.put("HOME", dir.toString());
        env.put("USER", OS_USER);
        env.put("LOGNAME", OS_USER);
        env.put("SHELL", SHELL);
        String path = System.getenv("PATH");
        env.put("PATH", path == null || path.isBlank() ? DEFAULT_PATH : path);
        copyFromJvm(env, "LANG");
        copyFromJvm(env, "TZ");
        env.put(MARKER, sandboxId);
        return env;
    }

    /**
     * Starts a process in the sandbox directory. One whose input and outputs are pipes (a command of an
     * SSH client) starts through {@link PosixSpawn} where it can, which costs the same however many
     * sockets the local cloud holds.
     */
    Process start(ProcessBuilder builder) throws IOException {
        checkOpen();
        Files.createDirectories(dir);
        Process process;
        if (PosixSpawn.available() && allPipes(builder)) {
            process = PosixSpawn.start(builder.command(), builder.environment(), dir);
        } else {
            builder.directory(dir.toFile());
            process = builder.start();
        }
        // The process's own exit future: a handle's would start a thread polling a pid that is not Java's child.
        Process started = process;
        ProcessHandle.of(process.pid()).ifPresent(handle -> track(handle, started.onExit()));
        return process;
    }

    private static boolean allPipes(ProcessBuilder builder) {
        return builder.redirectInput() == ProcessBuilder.Redirect.PIPE
                && builder.redirectOutput() == ProcessBuilder.Redirect.PIPE
                && builder.redirectError() == ProcessBuilder.Redirect.PIPE
                && !builder.redirectErrorStream();
    }

    /**
     * Starts a process on a new pty. The window size is set on the pty before the program starts:
     * pty4j's builder sets it only after the start, so a quick {@code stty size} would see 0x0.
     */
    @SuppressWarnings("deprecation") // the constructor that takes a ready-made Pty; fine for the pinned pty4j
    PtyProcess startPty(List<String> argv, Map<String, String> environment, WinSize size) throws IOException {
        checkOpen();
        Files.createDirectories(dir);
        Pty pty = new Pty();
        try {
            pty.setWindowSize(size, null);
        } catch (IOException e) {
            pty.close();
            throw e;
        }
        PtyProcess process = new UnixPtyProcess(argv.toArray(String[]::new), PtyUtil.toStringArray(environment),
                dir.toString(), pty, null, false);
        ProcessHandle.of(process.pid()).ifPresent(handle -> track(handle, handle.onExit()));
        return process;
    }

    /** Refuses new processes from now on (until {@link #reopen()}); the caller then kills the running ones. */
    void close() {
        open = false;
    }

    void reopen() {
        open = true;
    }

    /** The processes started directly; their descendants are found by {@link ProcessReaper}. */
    Set<ProcessHandle> roots() {
        return Set.copyOf(running);
    }

    private void track(ProcessHandle handle, CompletableFuture<?> exit) {
        running.add(handle);
        exit.whenComplete((process, failure) -> running.remove(handle));
        if (!open) {
            // Raced with close(): the reaper may already have looked; don't let this one survive.
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
        }
    }

    private void checkOpen() throws IOException {
        if (!open) {
            throw new IOException("sandbox " + sandboxId + " is not running");
        }
    }

    private static void copyFromJvm(Map<String, String> env, String name) {
        String value = System.getenv(name);
        if (value != null) {
            env.put(name, value);
        }
    }
}
