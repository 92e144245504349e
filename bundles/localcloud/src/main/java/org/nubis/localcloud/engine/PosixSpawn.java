package org.nubis.localcloud.engine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts processes with glibc's {@code posix_spawn}, closing the child's inherited descriptors with one
 * {@code close_range} call. Java's own process start closes them one by one after listing
 * {@code /proc/self/fd}: the local cloud holds a listening socket per sandbox and a socket per SSH
 * session, and with 2,000 sandboxes that listing and closing cost about 10 ms of kernel time per
 * command (two thirds of the local cloud's CPU on a fan-out). Here it is a few microseconds.
 *
 * <p>Linux with glibc 2.34 or newer only ({@code posix_spawn_file_actions_addclosefrom_np});
 * {@link #available()} says whether it can be used, and callers fall back to {@link ProcessBuilder}.
 */
final class PosixSpawn {

    private static final Logger LOG = LoggerFactory.getLogger(PosixSpawn.class);

    /** Big enough for glibc's posix_spawn_file_actions_t (80 bytes) and posix_spawnattr_t (336) on any ABI. */
    private static final int OPAQUE_SIZE = 1024;
    private static final int SIGSET_SIZE = 128;
    private static final int O_CLOEXEC = 0x80000;
    private static final int EINTR = 4;
    private static final int ECHILD = 10;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int SIGTERM = 15;
    private static final int SIGKILL = 9;

    /** The glibc functions used; every one returns 0 or an error number, except where said. */
    interface C extends Library {
        int posix_spawn_file_actions_init(Pointer actions);

        int posix_spawn_file_actions_destroy(Pointer actions);

        int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

        int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

        int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

        int posix_spawnattr_init(Pointer attr);

        int posix_spawnattr_destroy(Pointer attr);

        int posix_spawnattr_setflags(Pointer attr, short flags);

        int posix_spawnattr_setsigmask(Pointer attr, Pointer mask);

        int posix_spawnattr_setsigdefault(Pointer attr, Pointer signals);

        int posix_spawnp(int[] pid, String file, Pointer actions, Pointer attr, Pointer argv, Pointer envp);

        /** -1 and errno on failure. */
        int sigemptyset(Pointer set) throws LastErrorException;

        int sigfillset(Pointer set) throws LastErrorException;

        int pipe2(int[] fds, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int waitpid(int pid, int[] status, int options) throws LastErrorException;

        int kill(int pid, int signal) throws LastErrorException;

        String strerror(int error);
    }

    private static final C LIBC = load();
    private static final Charset ENCODING = Charset.forName(
            System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
    private static final AtomicInteger REAPER_COUNT = new AtomicInteger();
    /** Waits for the processes' exits, a blocking waitpid each, as Java's own "process reaper" does. */
    private static final ExecutorService REAPERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(null, runnable, "sandbox-reaper-" + REAPER_COUNT.incrementAndGet(), 128 * 1024);
        thread.setDaemon(true);
        return thread;
    });

    private PosixSpawn() {
    }

    static boolean available() {
        return LIBC != null;
    }

    /**
     * Starts {@code argv} (looked up on the PATH when it has no slash) in {@code dir} with exactly
     * {@code environment}, its stdin, stdout and stderr on pipes to the returned process.
     */
    static Process start(List<String> argv, Map<String, String> environment, Path dir) throws IOException {
        if (LIBC == null) {
            throw new IllegalStateException("posix_spawn is not available");
        }
        int[] in = pipe();
        int[] out = null;
        int[] err = null;
        OutputStream stdin = null;
        InputStream stdout = null;
        InputStream stderr = null;
        try {
            out = pipe();
            err = pipe();
            // Streams of our own on our ends, opened while the other end is still held here, so that
            // opening a pipe end never waits for a peer.
            // Buffered as Java's own process streams are (which also keeps FileInputStream.readAllBytes,
            // which seeks, off the pipes).
            stdin = new BufferedOutputStream(new FileOutputStream(procFd(in[1])));
            stdout = new BufferedInputStream(new FileInputStream(procFd(out[0])));
            stderr = new BufferedInputStream(new FileInputStream(procFd(err[0])));
            int pid = spawn(argv, environment, dir, in[0], out[1], err[1]);
            return new Spawned(pid, stdin, stdout, stderr);
        } catch (IOException | RuntimeException e) {
            closeQuietly(stdin);
            closeQuietly(stdout);
            closeQuietly(stderr);
            throw e;
        } finally {
            // The child has its copies; the parent keeps only the streams opened above.
            closeAll(in);
            closeAll(out);
            closeAll(err);
        }
    }

    private static int spawn(List<String> argv, Map<String, String> environment, Path dir,
                             int stdin, int stdout, int stderr) throws IOException {
        Memory actions = new Memory(OPAQUE_SIZE);
        Memory attr = new Memory(OPAQUE_SIZE);
        Memory noSignals = new Memory(SIGSET_SIZE);
        Memory allSignals = new Memory(SIGSET_SIZE);
        check("posix_spawn_file_actions_init", LIBC.posix_spawn_file_actions_init(actions));
        try {
            check("posix_spawnattr_init", LIBC.posix_spawnattr_init(attr));
            try {
                check("posix_spawn_file_actions_adddup2", LIBC.posix_spawn_file_actions_adddup2(actions, stdin, 0));
                check("posix_spawn_file_actions_adddup2", LIBC.posix_spawn_file_actions_adddup2(actions, stdout, 1));
                check("posix_spawn_file_actions_adddup2", LIBC.posix_spawn_file_actions_adddup2(actions, stderr, 2));
                check("posix_spawn_file_actions_addclosefrom_np", LIBC.posix_spawn_file_actions_addclosefrom_np(actions, 3));
                check("posix_spawn_file_actions_addchdir_np",
                        LIBC.posix_spawn_file_actions_addchdir_np(actions, dir.toString()));
                // As under OpenSSH's sshd: default signal dispositions and no blocked signal, whatever the JVM has.
                LIBC.sigemptyset(noSignals);
                LIBC.sigfillset(allSignals);
                check("posix_spawnattr_setsigmask", LIBC.posix_spawnattr_setsigmask(attr, noSignals));
                check("posix_spawnattr_setsigdefault", LIBC.posix_spawnattr_setsigdefault(attr, allSignals));
                check("posix_spawnattr_setflags",
                        LIBC.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)));
                int[] pid = new int[1];
                int error = LIBC.posix_spawnp(pid, argv.get(0), actions, attr, strings(argv),
                        strings(environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
                if (error != 0) {
                    throw new IOException("Cannot run program \"" + argv.get(0) + "\" (in directory \"" + dir + "\"): "
                            + LIBC.strerror(error));
                }
                return pid[0];
            } finally {
                LIBC.posix_spawnattr_destroy(attr);
            }
        } finally {
            LIBC.posix_spawn_file_actions_destroy(actions);
        }
    }

    /** A NULL-terminated char* array, in the encoding Java uses for command lines. */
    private static Pointer strings(List<String> values) {
        Memory array = new Memory((long) (values.size() + 1) * Native.POINTER_SIZE);
        Memory[] kept = new Memory[values.size()];
        for (int i = 0; i < values.size(); i++) {
            byte[] bytes = values.get(i).getBytes(ENCODING);
            Memory string = new Memory(bytes.length + 1L);
            string.write(0, bytes, 0, bytes.length);
            string.setByte(bytes.length, (byte) 0);
            kept[i] = string;
            array.setPointer((long) i * Native.POINTER_SIZE, string);
        }
        array.setPointer((long) values.size() * Native.POINTER_SIZE, null);
        return new Strings(array, kept);
    }

    private static int[] pipe() throws IOException {
        int[] fds = new int[2];
        try {
            LIBC.pipe2(fds, O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot make a pipe: " + LIBC.strerror(e.getErrorCode()));
        }
        return fds;
    }

    private static String procFd(int fd) {
        return "/proc/self/fd/" + fd;
    }

    private static void closeAll(int[] fds) {
        if (fds != null) {
            for (int fd : fds) {
                try {
                    LIBC.close(fd);
                } catch (LastErrorException e) {
                    // Nothing to do: the descriptor is gone either way.
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // going away anyway
            }
        }
    }

    private static void check(String function, int error) throws IOException {
        if (error != 0) {
            throw new IOException(function + " failed: " + LIBC.strerror(error));
        }
    }

    private static C load() {
        // The parent's ends of the pipes are opened again through /proc/self/fd (see start).
        if (!Platform.isLinux() || Boolean.getBoolean("localcloud.javaProcessStart")
                || !java.nio.file.Files.isDirectory(Path.of("/proc/self/fd"))) {
            return null;
        }
        try {
            NativeLibrary library = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
            // glibc 2.34 or newer; without these Java's own process start is used.
            library.getFunction("posix_spawn_file_actions_addclosefrom_np");
            library.getFunction("posix_spawn_file_actions_addchdir_np");
            return Native.load(Platform.C_LIBRARY_NAME, C.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.info("Starting commands with Java's process start: posix_spawn with closefrom is not available ({})",
                    e.toString());
            return null;
        }
    }

    /** An argv or envp array that keeps the memory it points to reachable until the call has returned. */
    private static final class Strings extends Pointer {
        @SuppressWarnings("unused")
        private final Memory array;
        @SuppressWarnings("unused")
        private final Memory[] strings;

        Strings(Memory array, Memory[] strings) {
            super(Pointer.nativeValue(array));
            this.array = array;
            this.strings = strings;
        }
    }

    /** A started process; its exit is collected by a reaper thread. */
    private static final class Spawned extends Process {
        private final int pid;
        private final OutputStream stdin;
        private final InputStream stdout;
        private final InputStream stderr;
        private final CompletableFuture<Process> exited = new CompletableFuture<>();
        /** Guards against signalling a pid that was reaped (and could be reused). */
        private final Object lock = new Object();
        private boolean reaped;
        private int exitValue;

        Spawned(int pid, OutputStream stdin, InputStream stdout, InputStream stderr) {
            this.pid = pid;
            this.stdin = stdin;
            this.stdout = stdout;
            this.stderr = stderr;
            REAPERS.execute(this::reap);
        }

        private void reap() {
            int status = waitFor(pid);
            synchronized (lock) {
                reaped = true;
                exitValue = status;
            }
            exited.complete(this);
        }

        /** The exit status as Java reports it: the code, or 0x80 + the signal that killed it. */
        private static int waitFor(int pid) {
            int[] status = new int[1];
            while (true) {
                try {
                    LIBC.waitpid(pid, status, 0);
                    int s = status[0];
                    int signal = s & 0x7f;
                    return signal == 0 ? (s >> 8) & 0xff : 0x80 + signal;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == EINTR) {
                        continue;
                    }
                    LOG.warn("waitpid({}) failed: {}", pid, LIBC.strerror(e.getErrorCode()));
                    return e.getErrorCode() == ECHILD ? 0 : 255;
                }
            }
        }

        @Override
        public OutputStream getOutputStream() {
            return stdin;
        }

        @Override
        public InputStream getInputStream() {
            return stdout;
        }

        @Override
        public InputStream getErrorStream() {
            return stderr;
        }

        @Override
        public int waitFor() throws InterruptedException {
            try {
                exited.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            return exitValue();
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            try {
                exited.get(timeout, unit);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public int exitValue() {
            synchronized (lock) {
                if (!reaped) {
                    throw new IllegalThreadStateException("process " + pid + " has not exited");
                }
                return exitValue;
            }
        }

        @Override
        public boolean isAlive() {
            synchronized (lock) {
                return !reaped;
            }
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Process> onExit() {
            return exited.copy();
        }

        @Override
        public ProcessHandle toHandle() {
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " has exited"));
        }

        @Override
        public Stream<ProcessHandle> descendants() {
            return ProcessHandle.of(pid).map(ProcessHandle::descendants).orElseGet(Stream::empty);
        }

        @Override
        public Stream<ProcessHandle> children() {
            return ProcessHandle.of(pid).map(ProcessHandle::children).orElseGet(Stream::empty);
        }

        @Override
        public void destroy() {
            signal(SIGTERM);
        }

        @Override
        public Process destroyForcibly() {
            signal(SIGKILL);
            return this;
        }

        @Override
        public boolean supportsNormalTermination() {
            return true;
        }

        private void signal(int signal) {
            synchronized (lock) {
                if (!reaped) {
                    try {
                        LIBC.kill(pid, signal);
                    } catch (LastErrorException e) {
                        // It is exiting; the reaper will see it.
                    }
                }
            }
            // As Java's own processes do on destroy.
            closeQuietly(stdin);
            closeQuietly(stdout);
            closeQuietly(stderr);
        }
    }
}
