package org.nubis.rest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** One operation while Nubis keeps it: mutable, guarded by its own monitor. */
final class OperationRecord {

    /** The work: may report progress and must stop when interrupted. */
    @FunctionalInterface
    interface Work {
        Object run(OperationRecord self) throws Exception;
    }

    private final String id;
    private final String kind;
    private final String target;
    private final String user;
    private final Instant createdAt;
    /** Files that belong to the operation (uploads, fetched files), deleted with it. */
    private final Path files;
    private String state = "running";
    private boolean cancelRequested;
    private Instant finishedAt;
    private int done;
    private int total;
    private Object result;
    private Map<String, String> error;
    private Future<?> future;
    /** Told of the end before anyone waiting is woken, so that what they do next sees it counted. */
    private final Consumer<OperationRecord> onFinish;

    OperationRecord(String id, String kind, String target, String user, Instant createdAt, Path files) {
        this(id, kind, target, user, createdAt, files, op -> { });
    }

    OperationRecord(String id, String kind, String target, String user, Instant createdAt, Path files,
                    Consumer<OperationRecord> onFinish) {
        this.onFinish = onFinish;
        this.id = id;
        this.kind = kind;
        this.target = target;
        this.user = user;
        this.createdAt = createdAt;
        this.files = files;
    }

    String id() {
        return id;
    }

    String user() {
        return user;
    }

    Path files() {
        return files;
    }

    synchronized Operation view() {
        return new Operation(id, kind, target, user, state, cancelRequested, createdAt, finishedAt, done, total, result, error);
    }

    synchronized void progress(int done, int total) {
        this.done = Math.max(this.done, done);
        this.total = total;
    }

    synchronized boolean finished() {
        return !"running".equals(state);
    }

    synchronized Instant finishedAt() {
        return finishedAt;
    }

    synchronized void attach(Future<?> future) {
        this.future = future;
    }

    /** @return false when the operation had already finished */
    synchronized boolean requestCancel() {
        if (finished()) {
            return false;
        }
        cancelRequested = true;
        if (future != null) {
            future.cancel(true);
        }
        return true;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    synchronized void succeed(Object value, Instant at) {
        state = "succeeded";
        result = value;
        finish(at);
    }

    synchronized void fail(String outcome, String code, String detail, Instant at) {
        state = outcome;
        error = Map.of("error", code, "detail", detail);
        finish(at);
    }

    private void finish(Instant at) {
        finishedAt = at;
        onFinish.accept(this);
        notifyAll();
    }

    /** Waits until the operation finished or the time is up. */
    synchronized void await(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!finished()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
