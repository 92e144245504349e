package org.nubis.core.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.nubis.api.NubisException;
import org.nubis.api.Progress;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;

/**
 * Waits until machines run and run a command over SSH. Polls their clouds, probes the running
 * ones in parallel, and ends at the deadline or, when asked to, as soon as one machine can never
 * become ready (terminated or stopped). Says, for each machine that is not ready, why.
 */
public final class ReadinessBarrier {

    private static final long FIRST_POLL_MS = 200;
    private static final long MAX_POLL_MS = 1000;

    /**
     * @param ready    the machines that became ready, refreshed, in the order given
     * @param notReady id → why, for the others
     * @param verdict  why the wait ended early ({@code can never all become ready}) or late
     *                 ({@code not ready after 30 s}); null when all are ready
     */
    public record Outcome(List<Machine> ready, Map<String, String> notReady, String verdict) {
        public boolean complete() {
            return notReady.isEmpty();
        }

        /** One line: {@code 2 of 5 instances not ready after 30 s: a (pending), b (running; SSH: ...)}. */
        public String describe(String noun) {
            int total = ready.size() + notReady.size();
            String list = notReady.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", "));
            return notReady.size() + " of " + total + " " + noun + (total == 1 ? "" : "s") + " " + verdict + ": " + list;
        }
    }

    private final SshEngine ssh;
    private final ExecutorService probes;

    public ReadinessBarrier(SshEngine ssh, ExecutorService probes) {
        this.ssh = ssh;
        this.probes = probes;
    }

    /**
     * @param refresh            brings machines up to date with their clouds (and stores them)
     * @param stopWhenOneIsLost  end as soon as one machine can never become ready; otherwise wait
     *                           for the others until they are all ready or lost, or the deadline
     */
    public Outcome await(List<Machine> machines, UnaryOperator<List<Machine>> refresh, Duration timeout,
                         boolean stopWhenOneIsLost, Progress<Machine> progress)
            throws InterruptedException {
        return await(() -> machines, refresh, timeout, stopWhenOneIsLost, progress);
    }

    /**
     * Waits for a selection that may change while it waits: {@code selection} is read again before
     * every round, so that machines recorded after the wait began are waited for too, a record
     * that gained its cloud id is seen with it, and a record deleted meanwhile (a launch the cloud
     * refused) is no longer waited for.
     *
     * @param selection the machines to wait for, as recorded now
     */
    public Outcome await(Supplier<List<Machine>> selection, UnaryOperator<List<Machine>> refresh, Duration timeout,
                         boolean stopWhenOneIsLost, Progress<Machine> progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Map<String, Machine> seen = new LinkedHashMap<>();
        Map<String, Machine> waiting = new LinkedHashMap<>();
        Map<String, Machine> ready = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        long poll = FIRST_POLL_MS;
        while (true) {
            why.clear();
            follow(selection.get(), seen, waiting, ready);
            List<Machine> current = refresh.apply(new ArrayList<>(waiting.values()));
            List<Machine> probeable = new ArrayList<>();
            int lost = 0;
            for (Machine m : current) {
                waiting.put(m.id(), m);
                // Lost first: a record its cloud refused to create is terminated without a cloud id.
                if (m.hopeless()) {
                    lost++;
                    why.put(m.id(), m.state().label() + (m.stateReason() == null ? "" : ": " + m.stateReason()));
                } else if (m.cloudId() == null) {
                    why.put(m.id(), "not yet created by its cloud");
                } else if (m.reachable()) {
                    probeable.add(m);
                } else {
                    why.put(m.id(), m.state().label());
                }
            }
            probe(probeable, deadline, why);
            for (Machine m : probeable) {
                String id = m.id();
                if (!why.containsKey(id)) {
                    waiting.remove(id);
                    ready.put(id, m);
                    progress.completed(m, ready.size(), ready.size() + waiting.size());
                }
            }
            List<Machine> inOrder = seen.keySet().stream().map(ready::get).filter(m -> m != null).toList();
            if (waiting.isEmpty()) {
                return new Outcome(inOrder, Map.of(), null);
            }
            if ((stopWhenOneIsLost && lost > 0) || lost == waiting.size()) {
                return new Outcome(inOrder, new LinkedHashMap<>(why), "can never all become ready");
            }
            if (System.nanoTime() >= deadline) {
                return new Outcome(inOrder, new LinkedHashMap<>(why),
                        "not ready after " + Math.round((System.nanoTime() - start) / 1e9) + " s");
            }
            Thread.sleep(Math.min(poll, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            poll = Math.min(MAX_POLL_MS, poll * 2);
        }
    }

    /**
     * Brings the machines waited for in line with the selection: new records are waited for,
     * records gone are not, and a record is taken over the copy in hand only when it knows the
     * machine's cloud id and the copy does not (otherwise the copy, refreshed last round, is newer).
     */
    private static void follow(List<Machine> selected, Map<String, Machine> seen, Map<String, Machine> waiting,
                               Map<String, Machine> ready) {
        Set<String> ids = new HashSet<>();
        for (Machine m : selected) {
            ids.add(m.id());
            if (ready.containsKey(m.id())) {
                continue;
            }
            seen.putIfAbsent(m.id(), m);
            Machine held = waiting.get(m.id());
            if (held == null || (held.cloudId() == null && m.cloudId() != null)) {
                waiting.put(m.id(), m);
            }
        }
        waiting.keySet().removeIf(id -> !ids.contains(id));
    }

    /** Probes in a worker so that the deadline holds even while connections are being attempted. */
    private void probe(List<Machine> machines, long deadline, Map<String, String> why)
            throws InterruptedException {
        if (machines.isEmpty()) {
            return;
        }
        List<SshTarget> targets = machines.stream()
                .map(m -> new SshTarget(m.id(), m.publicHost(), m.sshPort(), m.sshUser())).toList();
        Future<List<CommandResult>> running = probes.submit(() -> ssh.run(targets, "true", Duration.ofSeconds(30), Progress.none()));
        try {
            long left = Math.max(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime());
            for (CommandResult r : running.get(left, TimeUnit.NANOSECONDS)) {
                if (!r.succeeded()) {
                    why.put(r.targetId(), "running; SSH: " + (r.error() != null ? r.error() : "exit status " + r.exitCode()));
                }
            }
        } catch (TimeoutException e) {
            running.cancel(true);
            targets.forEach(t -> why.put(t.id(), "running; SSH: no answer yet"));
        } catch (InterruptedException e) {
            running.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            String cause = e.getCause() instanceof NubisException n ? n.getMessage() : String.valueOf(e.getCause());
            targets.forEach(t -> why.put(t.id(), "running; SSH probe failed: " + cause));
        }
    }
}
