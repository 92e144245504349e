package org.nubis.core.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.nubis.api.NubisException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.Instance;
import org.nubis.api.experiment.NotReadyException;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;

/**
 * Waits until every instance is running and runs a command over SSH. Polls the clouds, probes
 * the running instances in parallel, and gives up early when an instance can never become ready
 * (terminated or stopped), or at the deadline, naming each instance that is not ready and why.
 */
final class ReadinessBarrier {

    private static final long FIRST_POLL_MS = 200;
    private static final long MAX_POLL_MS = 1000;

    private final CloudStateSync sync;
    private final SshEngine ssh;
    private final ExecutorService probes;

    ReadinessBarrier(CloudStateSync sync, SshEngine ssh, ExecutorService probes) {
        this.sync = sync;
        this.ssh = ssh;
        this.probes = probes;
    }

    List<Instance> await(List<Instance> selected, Duration timeout, Progress<Instance> progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Map<String, Instance> waiting = new LinkedHashMap<>();
        selected.forEach(i -> waiting.put(i.id(), i));
        Map<String, Instance> ready = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        long poll = FIRST_POLL_MS;
        while (true) {
            why.clear();
            List<Instance> current = sync.refresh(new ArrayList<>(waiting.values()));
            List<Instance> probeable = new ArrayList<>();
            boolean hopeless = false;
            for (Instance i : current) {
                waiting.put(i.id(), i);
                if (i.cloudId() == null) {
                    why.put(i.id(), "not yet created by its cloud");
                } else if (isHopeless(i.state())) {
                    hopeless = true;
                    why.put(i.id(), i.state().label() + (i.stateReason() == null ? "" : ": " + i.stateReason()));
                } else if (i.state() == InstanceState.RUNNING && i.publicHost() != null && i.sshPort() > 0) {
                    probeable.add(i);
                } else {
                    why.put(i.id(), i.state().label());
                }
            }
            probe(probeable, deadline, why);
            for (Instance i : probeable) {
                if (!why.containsKey(i.id())) {
                    waiting.remove(i.id());
                    ready.put(i.id(), i);
                    progress.completed(i, ready.size(), selected.size());
                }
            }
            if (waiting.isEmpty()) {
                return selected.stream().map(i -> ready.get(i.id())).toList();
            }
            if (hopeless) {
                throw notReady(selected.size(), why, "can never all become ready");
            }
            if (System.nanoTime() >= deadline) {
                throw notReady(selected.size(), why, "not ready after " + seconds(System.nanoTime() - start));
            }
            Thread.sleep(Math.min(poll, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            poll = Math.min(MAX_POLL_MS, poll * 2);
        }
    }

    /** Probes in a worker so that the deadline holds even while connections are being attempted. */
    private void probe(List<Instance> instances, long deadline, Map<String, String> why) throws InterruptedException {
        if (instances.isEmpty()) {
            return;
        }
        List<SshTarget> targets = instances.stream()
                .map(i -> new SshTarget(i.id(), i.publicHost(), i.sshPort(), i.sshUser())).toList();
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
            instances.forEach(i -> why.put(i.id(), "running; SSH: no answer yet"));
        } catch (InterruptedException e) {
            running.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            String cause = e.getCause() instanceof NubisException n ? n.getMessage() : String.valueOf(e.getCause());
            instances.forEach(i -> why.put(i.id(), "running; SSH probe failed: " + cause));
        }
    }

    private static boolean isHopeless(InstanceState state) {
        return state == InstanceState.TERMINATED || state == InstanceState.STOPPED || state == InstanceState.STOPPING;
    }

    private static NotReadyException notReady(int total, Map<String, String> why, String what) {
        String list = why.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        return new NotReadyException(why.size() + " of " + total + " instance" + (total == 1 ? "" : "s") + " "
                + what + ": " + list, why);
    }

    private static String seconds(long nanos) {
        return String.format("%.0f s", nanos / 1e9);
    }
}
