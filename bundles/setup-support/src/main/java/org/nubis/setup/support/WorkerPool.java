package org.nubis.setup.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of named daemon threads ({@code NAME-1}, {@code NAME-2}...) for a component to create
 * when it activates and close when it deactivates. Threads start as tasks come, up to the bound (then
 * tasks queue), and end after a minute without work, so an idle component holds none.
 */
public final class WorkerPool implements AutoCloseable {

    private static final long IDLE_SECONDS = 60;
    private static final long STOP_WAIT_SECONDS = 15;
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final String name;
    private final ThreadPoolExecutor executor;

    /** @param name what the threads do, e.g. {@code nubis-setup-script} */
    public WorkerPool(String name, int threads) {
        this.name = name;
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    public ExecutorService executor() {
        return executor;
    }

    /** Interrupts what runs, drops what waits, and waits a while for the threads to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Threads {}-* still busy {} s after being stopped", name, STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
