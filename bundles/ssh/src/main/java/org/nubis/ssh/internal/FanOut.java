package org.nubis.ssh.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nubis.api.Progress;
import org.nubis.api.ssh.SshTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does one job per target on a shared pool of {@code maxConnections} threads, which bounds the
 * hosts being connected to or worked on at once over all calls. Results come back in target
 * order; a host's failure becomes its result; an interrupted caller stops everything in flight.
 */
final class FanOut implements AutoCloseable {

    interface Job<R> {
        R run(SshTarget target, InFlight inFlight) throws Exception;
    }

    interface Failure<R> {
        R result(SshTarget target, String error, Duration took);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    private final ThreadPoolExecutor workers;

    FanOut(int maxConnections) {
        AtomicInteger count = new AtomicInteger();
        workers = new ThreadPoolExecutor(maxConnections, maxConnections, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "nubis-ssh-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    <R> List<R> each(List<SshTarget> targets, Job<R> job, Failure<R> failure, Progress<R> progress)
            throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        InFlight inFlight = new InFlight();
        AtomicInteger done = new AtomicInteger();
        int total = targets.size();
        List<Future<R>> futures = new ArrayList<>(total);
        for (SshTarget target : targets) {
            futures.add(workers.submit(() -> {
                R result = runOne(target, job, failure, inFlight);
                if (!inFlight.abandoned()) {
                    report(progress, result, done.incrementAndGet(), total);
                }
                return result;
            }));
        }
        List<R> results = new ArrayList<>(total);
        try {
            for (Future<R> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            inFlight.abandon();
            futures.forEach(future -> future.cancel(true));
            throw e;
        } catch (ExecutionException e) {
            // runOne turns every Exception into a result; what is left is an Error.
            inFlight.abandon();
            futures.forEach(future -> future.cancel(true));
            throw new IllegalStateException("SSH fan-out failed: " + e.getCause(), e.getCause());
        }
        return results;
    }

    private static <R> R runOne(SshTarget target, Job<R> job, Failure<R> failure, InFlight inFlight) {
        long started = System.nanoTime();
        try {
            return job.run(target, inFlight);
        } catch (Exception e) {
            String error = FailureText.of(e);
            LOG.debug("{}: {}", target, error, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return failure.result(target, error, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static <R> void report(Progress<R> progress, R result, int done, int total) {
        try {
            progress.completed(result, done, total);
        } catch (RuntimeException e) {
            LOG.warn("Progress listener failed; carrying on", e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
