package org.nubis.setup.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of one setup run on a pool that other runs share (a component's {@link WorkerPool}). The
 * run waits for each no longer than its deadline, and {@link #close} ends those left together: their
 * threads are interrupted (which makes the SSH engine abandon what they have in flight) and waited
 * for, so that nothing of the run still works after it returned. The run never shuts the pool down.
 * Tasks must not wait for one another: a bounded pool full of waiting tasks would wait forever.
 */
public final class RunTasks implements AutoCloseable {

    /** How long {@link #close} waits for interrupted tasks to end. */
    static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(RunTasks.class);

    private final ExecutorService pool;
    private final SetupDeadline deadline;
    private final List<Future<?>> futures = new ArrayList<>();
    private int running;
    private boolean closed;

    public RunTasks(ExecutorService pool, SetupDeadline deadline) {
        this.pool = pool;
        this.deadline = deadline;
    }

    /**
     * Runs {@code task} on the pool; a task that gets a thread only after {@link #close} does not run.
     *
     * @throws CancellationException once closed
     */
    public <T> Future<T> submit(Callable<T> task) {
        synchronized (this) {
            if (closed) {
                throw new CancellationException("the setup run is over");
            }
        }
        Future<T> future = pool.submit(() -> {
            synchronized (this) {
                if (closed) {
                    throw new CancellationException("the setup run is over");
                }
                running++;
            }
            try {
                return task.call();
            } finally {
                synchronized (this) {
                    running--;
                    notifyAll();
                }
            }
        });
        synchronized (this) {
            futures.add(future);
        }
        return future;
    }

    /**
     * The task's result.
     *
     * @throws TimeoutException when the run's deadline passes first
     */
    public <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Interrupts the tasks still running, drops those not started, and waits a while for the running ones to end. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            futures.forEach(f -> f.cancel(true));
        }
        boolean interrupted = Thread.interrupted(); // a cancelled run still waits for its tasks
        long until = System.nanoTime() + STOP_WAIT.toNanos();
        synchronized (this) {
            while (running > 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} setup task(s) still busy {} s after being stopped", running, STOP_WAIT.toSeconds());
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
