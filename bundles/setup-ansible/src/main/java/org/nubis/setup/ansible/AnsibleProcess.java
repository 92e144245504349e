package org.nubis.setup.ansible;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Ansible commands, each to its end, its deadline or the caller's interruption, on the caller's
 * thread. A command's output is read line by line as it comes, on the readers' pool: each line goes to
 * the log file and to a listener, and the last {@link #TAIL_LINES} lines are kept for messages. On the
 * deadline or an interruption the whole process tree (ansible-playbook, its forks, their ssh) is
 * stopped: SIGTERM, then SIGKILL.
 */
final class AnsibleProcess {

    static final int TAIL_LINES = 200;
    private static final long KILL_GRACE_MILLIS = 3000;
    private static final long READER_GRACE_MILLIS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(AnsibleProcess.class);

    /**
     * How it ended.
     *
     * @param exitCode the exit status, or -1 when it was stopped
     * @param tail     the last lines of its output (stdout and stderr merged)
     */
    record Outcome(int exitCode, boolean timedOut, String tail) {
    }

    private final ExecutorService readers;

    /** @param readers the pool whose threads read the commands' output (one per command, two with stdout apart) */
    AnsibleProcess(ExecutorService readers) {
        this.readers = readers;
    }

    /**
     * @param log      file the output is appended to, or null
     * @param listener told every output line, or null
     * @param stdout   when not null, receives stdout whole, and only stderr goes to the log, listener and tail
     * @param deadline {@link System#nanoTime()} by which it must be over
     * @throws InterruptedException when the calling thread is interrupted (the process is stopped first)
     */
    Outcome run(List<String> command, Map<String, String> env, Path dir, Path log, Consumer<String> listener,
                StringBuilder stdout, long deadline) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.redirectErrorStream(stdout == null);
        BufferedWriter writer = log == null ? null : Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Deque<String> tail = new ArrayDeque<>();
        Process process;
        try {
            if (writer != null) {
                writer.write("$ " + String.join(" ", command) + "\n");
                writer.flush();
            }
            process = builder.start();
        } catch (IOException e) {
            closeQuietly(writer);
            throw e;
        }
        Future<?> lines;
        Future<?> errors;
        try {
            lines = readers.submit(() -> read(process.getInputStream(), stdout == null, writer, listener, tail, stdout));
            errors = stdout == null ? null : readers.submit(() -> read(process.getErrorStream(), true, writer, listener, tail, null));
        } catch (RejectedExecutionException e) {
            stop(process);
            closeQuietly(writer);
            throw new IOException("Ansible's output readers are stopped (the component is deactivating)", e);
        }
        boolean timedOut = false;
        int exit;
        try {
            long wait = deadline - System.nanoTime();
            if (wait <= 0 || !process.waitFor(wait, TimeUnit.NANOSECONDS)) {
                timedOut = true;
                stop(process);
                exit = -1;
            } else {
                exit = process.exitValue();
            }
        } catch (InterruptedException e) {
            stop(process);
            join(lines, errors);
            closeQuietly(writer);
            throw e;
        }
        join(lines, errors);
        if (writer != null) {
            synchronized (tail) {
                writer.write(timedOut ? "# stopped at its deadline\n" : "# exit " + exit + "\n");
            }
        }
        closeQuietly(writer);
        String text;
        synchronized (tail) {
            text = String.join("\n", tail);
        }
        return new Outcome(exit, timedOut, text);
    }

    private static void read(InputStream stream, boolean lineMode, BufferedWriter writer, Consumer<String> listener,
                             Deque<String> tail, StringBuilder whole) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            if (!lineMode) {
                char[] buffer = new char[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (whole) {
                        whole.append(buffer, 0, n);
                    }
                }
                return;
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                    if (writer != null) {
                        writer.write(line);
                        writer.write('\n');
                        writer.flush();
                    }
                }
                if (listener != null) {
                    try {
                        listener.accept(line);
                    } catch (RuntimeException e) {
                        LOG.warn("Ansible output listener failed on '{}': {}", line, e.toString());
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Reading Ansible's output ended: {}", e.toString());
        }
    }

    /** SIGTERM to the process and every descendant, then SIGKILL to those still alive after a grace period. */
    static void stop(Process process) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long until = System.currentTimeMillis() + KILL_GRACE_MILLIS;
        boolean interrupted = false;
        for (ProcessHandle handle : tree) {
            long left = until - System.currentTimeMillis();
            try {
                if (left > 0) {
                    handle.onExit().get(left, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            } catch (Exception timeoutOrGone) {
                // killed below
            }
        }
        // Children forked while we waited, and those that ignored SIGTERM.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits a while for the readers to reach the end of the output; one still reading then (a process the
     * command left behind holds the pipe) is interrupted, and one still queued in a busy pool never runs.
     */
    private static void join(Future<?>... readers) {
        boolean interrupted = Thread.interrupted();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READER_GRACE_MILLIS);
        for (Future<?> reader : readers) {
            while (reader != null) {
                try {
                    reader.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    reader.cancel(true);
                    break;
                } catch (ExecutionException | CancellationException e) {
                    LOG.debug("Reading Ansible's output failed: {}", e.toString());
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(BufferedWriter writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            LOG.debug("Closing an Ansible log: {}", e.toString());
        }
    }
}
