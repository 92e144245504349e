package org.nubis.client;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A live subscription to {@code GET /events}: one background thread reads the stream and hands
 * each event to the listener, in order, on that thread (a slow listener delays the next events).
 *
 * <p>When the connection drops (a server restart, a proxy's idle timeout) it reconnects with
 * backoff, sending {@code Last-Event-ID} so that the server can replay what was missed, until
 * {@link #close()}. A 401 renews the token once; an answer that retrying cannot fix (400, 403,
 * a second 401) ends the subscription and goes to the error handler.
 */
public final class EventSubscription implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** How long close() waits for the reader thread to end: it is woken, so this is a bound, not a pause. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final int MAX_ERROR_BODY = 4096;

    private final Requests requests;
    private final Call call;
    private final Consumer<NubisEvent> listener;
    private final Consumer<NubisApiException> onError;
    private final Runnable onClosed;
    private final Thread thread;
    private volatile boolean closed;
    private volatile String lastEventId;
    /** The body being read, for close() to cancel. */
    private volatile CancellableBody<Stream<String>> body;

    EventSubscription(Requests requests, EventFilter filter, Consumer<NubisEvent> listener,
                      Consumer<NubisApiException> onError, Runnable onClosed) {
        this.requests = requests;
        // The request timeout bounds the wait for the answer's headers only, not the endless body.
        this.call = Call.get("/events" + filter.query()).accept("text/event-stream");
        this.listener = listener;
        this.onError = onError;
        this.onClosed = onClosed;
        this.thread = new Thread(this::run, "nubis-events-" + THREADS.incrementAndGet());
        this.thread.setDaemon(true); // a forgotten subscription must not keep the JVM alive
    }

    void start() {
        thread.start();
    }

    /** Whether events may still come: not closed, and not ended by an error. */
    public boolean isOpen() {
        return !closed && thread.isAlive();
    }

    /** The id of the last event delivered, or null. */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * Stops the subscription: drops the connection, wakes the reader thread and waits briefly for it
     * to end. No event is delivered once this returns (unless called from the listener).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CancellableBody<Stream<String>> reading = body;
        if (reading != null) {
            reading.cancel(); // frees a reader blocked on a silent stream
        }
        thread.interrupt(); // frees a sleep between attempts, or a connection attempt
        if (Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onClosed.run();
    }

    private void run() {
        Transport transport = requests.transport();
        SseParser parser = new SseParser(this::deliver);
        int failures = 0;
        boolean renewed = false;
        while (!closed) {
            Duration retryAfter = null;
            try {
                String authorization = requests.auth().authorization();
                HttpRequest.Builder b = transport.builder(call, authorization).header("Cache-Control", "no-cache");
                String last = lastEventId;
                if (last != null) {
                    b.header("Last-Event-ID", last);
                }
                HttpResponse<Stream<String>> response = transport.http().send(b.build(), info -> {
                    CancellableBody<Stream<String>> lines = new CancellableBody<>(BodyHandlers.ofLines().apply(info));
                    body = lines;
                    if (closed) {
                        lines.cancel(); // close() ran between its check and this
                    }
                    return lines;
                });
                int status = response.statusCode();
                if (status == 200) {
                    parser.reset();
                    if (read(response.body(), parser)) {
                        failures = 0; // it worked for a while: start the backoff over
                        renewed = false;
                    }
                    debug("event stream ended; reconnecting");
                } else {
                    NubisApiException error = transport.error(call, status, drain(response.body()));
                    if (status == 401 && !renewed && !"key_revoked".equals(error.error())
                            && requests.auth().renewAfterRejection(authorization)) {
                        renewed = true;
                        continue;
                    }
                    if (status == 204 || (status / 100 == 4 && status != 429 && status != 408)) {
                        fail(status == 204 ? null : error); // retrying cannot help
                        return;
                    }
                    retryAfter = Transport.retryAfter(response.headers());
                    debug("event stream refused: " + error.getMessage());
                }
            } catch (IOException e) {
                debug("event stream failed: " + e);
            } catch (InterruptedException e) {
                return; // close()
            } catch (NubisApiException e) {
                // The token exchange failed. Keep trying on what may pass, stop on a refused key.
                if (e.status() / 100 == 4 && e.status() != 429) {
                    fail(e);
                    return;
                }
                debug("event stream login failed: " + e.getMessage());
            }
            if (closed) {
                return;
            }
            Duration d = failures == 0 && retryAfter == null && parser.retry() != null
                    ? parser.retry() : transport.backoff().delay(failures, retryAfter);
            failures++;
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads lines until the stream ends, fails or is closed; true when anything came. */
    private boolean read(Stream<String> lines, SseParser parser) {
        boolean any = false;
        try (lines) {
            Iterator<String> it = lines.iterator();
            while (!closed && it.hasNext()) {
                parser.line(it.next());
                any = true;
            }
        } catch (RuntimeException dropped) {
            // UncheckedIOException: the connection dropped, or close() cancelled the body
        }
        return any;
    }

    private void deliver(SseParser.Event e) {
        if (closed) {
            return;
        }
        lastEventId = e.id();
        JsonNode data;
        try {
            data = requests.json().readTree(e.data());
        } catch (IOException notJson) {
            data = TextNode.valueOf(e.data());
        }
        try {
            listener.accept(new NubisEvent(e.type(), e.id(), data));
        } catch (RuntimeException bug) {
            // One failing listener call must not end the subscription.
            Transport.LOG.log(WARNING, "event listener failed on " + e.type() + " " + e.id(), bug);
        }
    }

    private void fail(NubisApiException error) {
        closed = true;
        onClosed.run();
        if (error != null) {
            try {
                onError.accept(error);
            } catch (RuntimeException bug) {
                Transport.LOG.log(WARNING, "event error handler failed", bug);
            }
        }
    }

    private static byte[] drain(Stream<String> lines) {
        try (lines) {
            String text = lines.limit(64).collect(Collectors.joining("\n"));
            return (text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) : text)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return new byte[0];
        }
    }

    private static void debug(String message) {
        Transport.LOG.log(DEBUG, message);
    }

    @Override
    public String toString() {
        return "EventSubscription[" + call.target() + (closed ? ", closed" : "") + "]";
    }
}
