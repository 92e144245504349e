package org.nubis.core.cluster;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cluster.ReconcileReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles once Nubis has started, and again for a while as long as some cloud could not be
 * asked (its provider may still be starting). Never destroys orphans: it reports them.
 */
final class StartupReconcile {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReconcile.class);
    private static final long FIRST_DELAY_S = 3;
    private static final long RETRY_S = 15;
    private static final int RETRIES = 12;

    private final Supplier<ReconcileReport> reconcile;
    private final CloudRegistry clouds;
    private final ScheduledExecutorService timer;
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> next;

    StartupReconcile(Supplier<ReconcileReport> reconcile, CloudRegistry clouds, ScheduledExecutorService timer) {
        this.reconcile = reconcile;
        this.clouds = clouds;
        this.timer = timer;
    }

    void start() {
        schedule(0, FIRST_DELAY_S);
    }

    /** No further attempt; one under way finishes. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void schedule(int round, long delaySeconds) {
        if (!stopped) {
            next = timer.schedule(() -> attempt(round), delaySeconds, TimeUnit.SECONDS);
        }
    }

    private void attempt(int round) {
        try {
            ReconcileReport r = reconcile.get();
            log(r);
            boolean someoneMissing = !r.unavailable().isEmpty() || clouds.clouds().stream().anyMatch(c -> !c.available());
            if (someoneMissing && round < RETRIES) {
                schedule(round + 1, RETRY_S);
            }
        } catch (RuntimeException e) {
            LOG.warn("Reconcile at start-up failed: {}", e.getMessage());
            if (round < RETRIES) {
                schedule(round + 1, RETRY_S);
            }
        }
    }

    private static void log(ReconcileReport r) {
        r.adopted().forEach(a -> LOG.info("Reconcile: adopted {}", a));
        r.gone().forEach(g -> LOG.info("Reconcile: gone {}", g));
        r.phases().forEach(p -> LOG.info("Reconcile: {}", p));
        r.orphans().forEach(o -> LOG.warn("Reconcile: orphan {} (cloud:reconcile --destroy-orphans destroys it)", o));
    }
}
