package org.nubis.localcloud.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Kills every process of some sandboxes: the ones the local cloud started, their descendants, and any
 * process whose environment carries one of the sandboxes' {@link SandboxProcesses#MARKER} (those that
 * daemonized and left the tree). Several rounds, because a process may fork while we look. {@link #shutDown}
 * first asks them to end (TERM), as a machine that shuts down does.
 */
final class ProcessReaper {

    private static final Path PROC = Path.of("/proc");
    private static final int ROUNDS = 5;
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);

    private ProcessReaper() {
    }

    /** TERM to every process of the sandboxes, up to {@code grace} for them to end, then {@link #kill}. */
    static void shutDown(Collection<String> sandboxIds, Collection<ProcessHandle> roots, Duration grace) {
        if (sandboxIds.isEmpty() && roots.isEmpty()) {
            return;
        }
        if (!grace.isZero() && !grace.isNegative()) {
            Set<ProcessHandle> targets = targets(Set.copyOf(sandboxIds), roots);
            targets.forEach(ProcessHandle::destroy);
            awaitExit(targets, grace);
        }
        kill(sandboxIds, roots);
    }

    static void kill(Collection<String> sandboxIds, Collection<ProcessHandle> roots) {
        if (sandboxIds.isEmpty() && roots.isEmpty()) {
            return;
        }
        Set<String> ids = Set.copyOf(sandboxIds);
        for (int round = 0; round < ROUNDS; round++) {
            Set<ProcessHandle> targets = targets(ids, roots);
            if (targets.isEmpty()) {
                return;
            }
            targets.forEach(ProcessHandle::destroyForcibly);
            awaitExit(targets, KILL_WAIT);
        }
    }

    /** The live processes of the sandboxes: the roots, the marked ones and all their descendants. */
    private static Set<ProcessHandle> targets(Set<String> ids, Collection<ProcessHandle> roots) {
        Set<ProcessHandle> targets = new HashSet<>();
        for (ProcessHandle root : roots) {
            if (root.isAlive()) {
                targets.add(root);
                root.descendants().forEach(targets::add);
            }
        }
        for (ProcessHandle marked : markedProcesses(ids)) {
            targets.add(marked);
            marked.descendants().forEach(targets::add);
        }
        targets.remove(ProcessHandle.current());
        targets.removeIf(ProcessReaper::isDead);
        return targets;
    }

    private static Set<ProcessHandle> markedProcesses(Set<String> ids) {
        Set<ProcessHandle> marked = new HashSet<>();
        if (ids.isEmpty() || !Files.isDirectory(PROC)) {
            return marked;
        }
        long self = ProcessHandle.current().pid();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> p.pid() != self).forEach(process -> {
                String id = markerOf(process.pid());
                if (id != null && ids.contains(id)) {
                    marked.add(process);
                }
            });
        }
        return marked;
    }

    /** The sandbox id in a process's initial environment, or null (also for processes we may not read). */
    static String markerOf(long pid) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | SecurityException e) {
            return null;
        }
        String prefix = SandboxProcesses.MARKER + "=";
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                String entry = new String(environ, start, i - start, StandardCharsets.UTF_8);
                if (entry.startsWith(prefix)) {
                    return entry.substring(prefix.length());
                }
                start = i + 1;
            }
        }
        return null;
    }

    /**
     * Waits until the killed processes are dead. A zombie counts as dead: orphans are reaped by PID 1,
     * which may take its time (over a second in some containers), and ProcessHandle calls them alive.
     */
    private static void awaitExit(Set<ProcessHandle> targets, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<ProcessHandle> waiting = new HashSet<>(targets);
        while (true) {
            waiting.removeIf(ProcessReaper::isDead);
            if (waiting.isEmpty() || System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static boolean isDead(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(process.pid())).resolve("stat"));
            // "pid (command) S ...": the state follows the last ')', since the command may contain any text.
            int end = stat.lastIndexOf(')');
            return end >= 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return !process.isAlive();
        }
    }
}
