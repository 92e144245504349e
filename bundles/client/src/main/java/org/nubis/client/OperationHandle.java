package org.nubis.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import java.time.Duration;

/**
 * A long operation started on the server (a {@code 202 Accepted}), to follow, wait for and cancel.
 *
 * <p>{@code R} is what the operation's {@code result} decodes to when it succeeds, e.g.
 * {@code List<Machine>} for a provision: {@link #awaitResult(Duration)} returns it. Thread-safe;
 * {@link #operation()} is the latest snapshot seen by any thread.
 */
public final class OperationHandle<R> {

    /** The longest {@code wait} the server accepts on {@code GET /operations/{id}}. */
    static final long MAX_WAIT_SECONDS = 60;
    /** How long to pause when a server answers a long poll at once without having finished. */
    private static final Duration EARLY_ANSWER_PAUSE = Duration.ofMillis(250);

    private final NubisClient client;
    private final JavaType resultType;
    private volatile Operation latest;

    OperationHandle(NubisClient client, Operation first, JavaType resultType) {
        this.client = client;
        this.latest = first;
        this.resultType = resultType;
    }

    public String id() {
        return latest.id();
    }

    /** The operation as last seen (when it was started, or at the last refresh, await or cancel). */
    public Operation operation() {
        return latest;
    }

    /** Asks the server for the operation's state now. */
    public Operation refresh() {
        return latest = client.operation(id());
    }

    /**
     * Waits until the operation has finished or {@code timeout} has passed, and returns it as last
     * seen (check {@link Operation#finished()}). Uses the server's long poll
     * ({@code ?wait=N}, at most 60 s per request), so waiting costs one request a minute, and the
     * answer comes as soon as the operation ends. Rounded up to whole seconds.
     */
    public Operation await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Operation op = latest;
        while (!op.finished()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            long seconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L));
            long asked = System.nanoTime();
            op = client.operation(id(), Duration.ofSeconds(seconds));
            latest = op;
            long took = System.nanoTime() - asked;
            long left = deadline - System.nanoTime();
            if (!op.finished() && took < EARLY_ANSWER_PAUSE.toNanos() && left > 0) {
                // Answered at once although running: a server that ignores ?wait. Don't spin.
                Backoff.sleep(Duration.ofNanos(Math.min(left, EARLY_ANSWER_PAUSE.toNanos())), "GET /operations/" + id());
            }
        }
        return op;
    }

    /**
     * Waits for the operation and returns its result.
     *
     * @throws OperationFailedException  when it failed or was cancelled
     * @throws OperationTimeoutException when it was still running after {@code timeout}
     */
    public R awaitResult(Duration timeout) {
        return decode(finish(timeout), resultType);
    }

    /** {@link #awaitResult(Duration)}, decoding the result as {@code type}. */
    public <T> T awaitResult(Duration timeout, Class<T> type) {
        return decode(finish(timeout), client.json().constructType(type));
    }

    /** {@link #awaitResult(Duration)}, decoding the result as {@code type}. */
    public <T> T awaitResult(Duration timeout, TypeReference<T> type) {
        return decode(finish(timeout), client.json().constructType(type));
    }

    /** The result of the operation as last seen, decoded as this handle's type; null while none. */
    public R result() {
        return decode(latest, resultType);
    }

    public <T> T resultAs(Class<T> type) {
        return decode(latest, client.json().constructType(type));
    }

    public <T> T resultAs(TypeReference<T> type) {
        return decode(latest, client.json().constructType(type));
    }

    /**
     * Asks the server to cancel the operation and returns it as it then is (the state becomes
     * {@code cancelled} once the work has stopped: await it). Cancelling an operation that has
     * already ended is not an error here: that answer is the operation as it ended.
     */
    public Operation cancel() {
        try {
            return latest = client.cancel(id());
        } catch (NubisApiException e) {
            if (e.status() == 409 && "operation_finished".equals(e.error())) {
                return refresh();
            }
            throw e;
        }
    }

    private Operation finish(Duration timeout) {
        Operation op = await(timeout);
        if (!op.finished()) {
            throw new OperationTimeoutException(op, timeout);
        }
        if (!op.succeeded()) {
            throw new OperationFailedException(op);
        }
        return op;
    }

    private <T> T decode(Operation op, JavaType type) {
        return Json.convert(client.json(), op.result(), type);
    }

    @Override
    public String toString() {
        Operation op = latest;
        return "OperationHandle[" + op.id() + " " + op.kind() + " " + op.target() + " "
                + (op.state() == null ? "?" : op.state().label()) + " " + op.done() + "/" + op.total() + "]";
    }
}
