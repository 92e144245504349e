package org.nubis.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.nubis.api.ConflictException;
import org.nubis.api.NotFoundException;
import org.nubis.api.NubisException;
import org.nubis.api.event.NubisEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations that requests started: each runs on a thread of its own (they mostly wait on
 * clouds and SSH), reports progress as events, and can be cancelled by interruption. Finished
 * ones are kept in memory for a day; beyond {@value #KEEP_FINISHED} of them the oldest go, but
 * never one younger than {@link #KEEP_AT_LEAST} (a client polls a moment after it ends) unless
 * there are {@value #KEEP_AT_MOST}. Of a forgotten one a line is remembered, to answer 410.
 */
final class Operations implements AutoCloseable {

    static final int KEEP_FINISHED = 1000;
    static final Duration KEEP_AT_LEAST = Duration.ofMinutes(10);
    static final int KEEP_AT_MOST = 20_000;
    private static final Duration KEEP_FOR = Duration.ofHours(24);
    private static final int REMEMBER_FORGOTTEN = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    /** Posts an event: topic and properties. */
    interface Events extends BiConsumer<String, Map<String, Object>> {
    }

    private final Map<String, OperationRecord> all = new ConcurrentHashMap<>();
    /**
     * Finished operations in the order they finished, oldest first: eviction takes from the head.
     * Sorting all of them on every start cost more than the rest of a one-host run (JFR).
     */
    private final Queue<OperationRecord> finishedInOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger finishedCount = new AtomicInteger();
    private final ThreadPoolExecutor pool;
    private final Events events;
    private final Path filesRoot;
    private final Clock clock;
    /** Forgotten operations, oldest first: id → what 410 says of it. */
    private final Map<String, String> forgotten = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBER_FORGOTTEN;
                }
            });

    Operations(Events events, Path filesRoot, int maxRunning, Clock clock) {
        this.events = events;
        this.filesRoot = filesRoot;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        // No queue: a request either runs now or is told to come back (429), never waits unseen.
        this.pool = new ThreadPoolExecutor(0, maxRunning, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "nubis-operation-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts work as a new operation.
     *
     * @param withFiles give it a directory of its own ({@link OperationRecord#files()})
     * @throws NubisException {@code too_many_requests} when too many operations are running
     */
    OperationRecord start(String kind, String target, String user, boolean withFiles, OperationRecord.Work work) {
        evict();
        String id = "op-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Path files = withFiles ? filesRoot.resolve(id) : null;
        OperationRecord op = new OperationRecord(id, kind, target, user, clock.instant(), files, done -> {
            finishedInOrder.add(done);
            finishedCount.incrementAndGet();
        });
        try {
            if (files != null) {
                Files.createDirectories(files);
            }
            all.put(id, op);
            op.attach(pool.submit(() -> execute(op, work)));
        } catch (RejectedExecutionException e) {
            all.remove(id);
            deleteFiles(op);
            throw new Busy(pool.getMaximumPoolSize());
        } catch (IOException e) {
            throw new NubisException("cannot make a directory for the operation's files under " + filesRoot + ": " + e.getMessage());
        }
        return op;
    }

    /** Where operations keep files (made on first use). */
    Path filesRoot() throws java.io.IOException {
        return Files.createDirectories(filesRoot);
    }

    /** @throws NotFoundException for an unknown or forgotten id */
    OperationRecord find(String id) {
        OperationRecord op = all.get(id);
        String gone = op == null ? forgotten.get(id) : null;
        if (gone != null) {
            throw new Gone(gone);
        }
        if (op == null) {
            throw new NotFoundException("no operation '" + id + "' (finished operations are kept for a day, and not across restarts)");
        }
        return op;
    }

    /** The operations of this kind on this target that have not finished, oldest first. */
    List<OperationRecord> unfinished(String kind, String target) {
        return all.values().stream()
                .filter(o -> !o.finished() && o.view().kind().equals(kind) && o.view().target().equals(target))
                .sorted(Comparator.comparing(o -> o.view().createdAt()))
                .toList();
    }

    List<Operation> list() {
        List<Operation> views = new ArrayList<>();
        all.values().forEach(o -> views.add(o.view()));
        views.sort(Comparator.comparing(Operation::createdAt).reversed().thenComparing(Operation::id));
        return views;
    }

    Operation cancel(String id) {
        OperationRecord op = find(id);
        if (!op.requestCancel()) {
            throw new Finished(op.view());
        }
        return op.view();
    }

    void progress(OperationRecord op, int done, int total) {
        op.progress(done, total);
        events.accept(NubisEvents.OPERATION_PROGRESS, Map.of(NubisEvents.OPERATION, op.view()));
    }

    private void execute(OperationRecord op, OperationRecord.Work work) {
        try {
            Object result = work.run(op);
            if (Thread.currentThread().isInterrupted() && op.cancelRequested()) {
                op.fail("cancelled", "cancelled", "cancelled on request; what finished before stays done", clock.instant());
            } else {
                op.succeed(result, clock.instant());
            }
        } catch (InterruptedException | CancellationException e) {
            op.fail("cancelled", "cancelled", "cancelled on request; what finished before stays done", clock.instant());
        } catch (NubisException e) {
            op.fail("failed", e.code(), e.getMessage(), clock.instant());
        } catch (Exception | LinkageError e) {
            LOG.error("operation {} ({}) failed", op.id(), op.view().kind(), e);
            op.fail("failed", "internal", "Nubis failed on this operation; see its log (data/log/karaf.log)", clock.instant());
        } finally {
            events.accept(NubisEvents.OPERATION_FINISHED, Map.of(NubisEvents.OPERATION, op.view()));
        }
    }

    private synchronized void evict() {
        var now = clock.instant();
        var dayOld = now.minus(KEEP_FOR);
        var young = now.minus(KEEP_AT_LEAST);
        for (OperationRecord oldest = finishedInOrder.peek(); oldest != null; oldest = finishedInOrder.peek()) {
            int count = finishedCount.get();
            boolean tooMany = count > KEEP_AT_MOST || (count > KEEP_FINISHED && oldest.finishedAt().isBefore(young));
            if (!tooMany && !oldest.finishedAt().isBefore(dayOld)) {
                break;
            }
            finishedInOrder.poll();
            finishedCount.decrementAndGet();
            all.remove(oldest.id());
            Operation view = oldest.view();
            forgotten.put(oldest.id(), "operation " + oldest.id() + " (" + view.kind() + " on " + view.target() + ") ended "
                    + view.state() + " at " + view.finishedAt() + " and is no longer kept (finished operations are kept "
                    + "for a day, the latest " + KEEP_FINISHED + " beyond " + KEEP_AT_LEAST.toMinutes() + " minutes)");
            deleteFiles(oldest);
        }
    }

    private static void deleteFiles(OperationRecord op) {
        if (op.files() == null || !Files.exists(op.files())) {
            return;
        }
        try (var walk = Files.walk(op.files())) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete the files of operation {}: {}", op.id(), e.getMessage());
        }
    }

    @Override
    public void close() {
        all.values().forEach(OperationRecord::requestCancel);
        pool.shutdownNow();
        all.values().forEach(Operations::deleteFiles);
    }

    /** Too many operations at once: 429, to be tried again in a second. */
    static final class Busy extends NubisException implements RetryLater {
        private static final long serialVersionUID = 1L;

        @Override
        public long retryAfterSeconds() {
            return 1;
        }

        Busy(int max) {
            super("Nubis is running " + max + " operations already; try again shortly");
        }

        @Override
        public String code() {
            return "too_many_requests";
        }
    }

    /** An operation that was kept and is no longer: 410, saying how it ended. */
    static final class Gone extends NubisException {
        private static final long serialVersionUID = 1L;

        Gone(String what) {
            super(what);
        }

        @Override
        public String code() {
            return "gone";
        }
    }

    /** Cancelling what has ended: 409. */
    static final class Finished extends ConflictException {
        private static final long serialVersionUID = 1L;

        Finished(Operation op) {
            super("operation " + op.id() + " already ended (" + op.state() + ")");
        }

        @Override
        public String code() {
            return "operation_finished";
        }
    }
}
