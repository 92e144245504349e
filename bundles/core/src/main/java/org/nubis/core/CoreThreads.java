package org.nubis.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The threads core's services work on: a few bounded, named pools, one per kind of job, shared by
 * experiments and clusters, made when the bundle starts and stopped with it. Each job waits only on
 * another kind's pool (work adds nodes, which tag through cloud calls and wait through probes), so
 * a full pool slows its own kind down and never deadlocks another. Idle threads end after a minute.
 * The service type is private to core.
 */
@Component(service = CoreThreads.class)
public class CoreThreads {

    /** Probe rounds of readiness waits in flight at once; a further wait's round queues. */
    static final int PROBES = 16;
    /** Cloud calls made side by side (tagging new instances with their ids). */
    static final int CLOUD_CALLS = 8;
    /** Cluster work that runs on its own (a node added without waiting for it). */
    static final int BACKGROUND = 8;

    private ExecutorService probes;
    private ExecutorService cloudCalls;
    private ExecutorService background;
    private ScheduledExecutorService timer;

    @Activate
    void activate() {
        probes = bounded("nubis-readiness", PROBES);
        cloudCalls = bounded("nubis-cloud-call", CLOUD_CALLS);
        background = bounded("nubis-cluster-work", BACKGROUND);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named("nubis-core-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        timer = scheduler;
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        background.shutdownNow();
        cloudCalls.shutdownNow();
        probes.shutdownNow();
    }

    /** Where a readiness wait probes its machines, so that its deadline holds while SSH connects. */
    public ExecutorService probes() {
        return probes;
    }

    public ExecutorService cloudCalls() {
        return cloudCalls;
    }

    public ExecutorService background() {
        return background;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    /** A pool of at most {@code size} threads that queues what it cannot start, and lets idle threads go. */
    public static ExecutorService bounded(String name, int size) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                named(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Daemon threads called {@code name-N}: they never keep the JVM alive, and a thread dump says what they do. */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
