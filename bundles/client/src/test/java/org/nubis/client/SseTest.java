package org.nubis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-sent events: the format, reconnection with Last-Event-ID, a prompt close. */
class SseTest {

    // ---- the parser -------------------------------------------------------------------------

    private static List<SseParser.Event> parse(String... lines) {
        List<SseParser.Event> out = new ArrayList<>();
        SseParser p = new SseParser(out::add);
        for (String l : lines) {
            p.line(l);
        }
        return out;
    }

    @Test
    void joinsMultiLineDataAndIgnoresComments() {
        List<SseParser.Event> events = parse(": keep-alive", "", "event: cluster.phase", "id: 7",
                "data: {\"a\":", ": a comment inside", "data:  1}", "");
        assertEquals(1, events.size(), "a comment alone is no event");
        assertEquals(new SseParser.Event("cluster.phase", "7", "{\"a\":\n 1}"), events.get(0));
    }

    @Test
    void theLastIdCarriesOverAndTheTypeDefaultsToMessage() {
        List<SseParser.Event> events = parse("id: 1", "data: x", "", "data:y", "", "event: t", "", "data", "");
        assertEquals(List.of(new SseParser.Event("message", "1", "x"), new SseParser.Event("message", "1", "y"),
                new SseParser.Event("message", "1", "")), events, "an event without data is not dispatched");
    }

    @Test
    void aHalfEventIsDroppedAtResetAndRetryIsRead() {
        List<SseParser.Event> out = new ArrayList<>();
        SseParser p = new SseParser(out::add);
        for (String l : List.of("id: 3", "data: three", "", "retry: 1500", "id: 4", "event: cluster.node",
                "data: partial")) {
            p.line(l);
        }
        p.reset(); // the connection dropped: event 4 never fully arrived, so neither did its id
        p.line("data: whole");
        p.line("");
        assertEquals(List.of(new SseParser.Event("message", "3", "three"), new SseParser.Event("message", "3", "whole")),
                out);
        assertEquals(Duration.ofMillis(1500), p.retry());
        assertEquals("3", p.lastEventId());
    }

    // ---- the subscription -------------------------------------------------------------------

    private ScriptedServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    private static OutputStream stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void reconnectsWithLastEventIdAndClosesPromptly() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        server.on("GET", "/events", (ex, req) -> {
            OutputStream out = stream(ex);
            if (connections.incrementAndGet() == 1) {
                send(out, ": keep-alive\n\n");
                send(out, "event: cluster.phase\nid: 1\ndata: {\"cluster\":\"hpc\",\ndata: \"state\":\"starting\"}\n\n");
                send(out, "event: cluster.node\nid: 2\ndata: {\"node\":\"hpc-compute-1\"}\n\n");
                send(out, "event: cluster.node\nid: 99\ndata: cut off befo"); // the connection drops mid-event
                return;
            }
            send(out, "event: cluster.phase\r\nid: 3\r\ndata: {\"state\":\"running\"}\r\n\r\n");
            release.await(10, TimeUnit.SECONDS); // then silence, the connection held open
        });
        BlockingQueue<NubisEvent> got = new LinkedBlockingQueue<>();
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).basic("viewer", "pw")
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build()) {
            EventSubscription sub = c.subscribe(EventFilter.forCluster("hpc").withTypes(NubisEvent.CLUSTER_PHASE,
                    NubisEvent.CLUSTER_NODE), got::add);
            NubisEvent e1 = got.poll(2, TimeUnit.SECONDS);
            NubisEvent e2 = got.poll(2, TimeUnit.SECONDS);
            NubisEvent e3 = got.poll(2, TimeUnit.SECONDS);
            assertNotNull(e3, "the third event comes after the reconnection");
            assertEquals("cluster.phase", e1.type());
            assertEquals("1", e1.id());
            assertEquals("hpc", e1.data().path("cluster").asText());
            assertEquals("starting", e1.data().path("state").asText());
            assertEquals("hpc-compute-1", e2.data().path("node").asText());
            assertEquals("3", e3.id());
            assertEquals("running", e3.data().path("state").asText());
            assertEquals("3", sub.lastEventId());

            List<ScriptedServer.Seen> asked = server.seen("GET", "/events");
            assertEquals(2, asked.size());
            assertNull(asked.get(0).header("Last-Event-ID"));
            assertEquals("2", asked.get(1).header("Last-Event-ID"), "the half event's id was not taken");
            assertEquals("type=cluster.phase&type=cluster.node&cluster=hpc", asked.get(0).query());
            assertEquals("text/event-stream", asked.get(0).header("Accept"));

            long t0 = System.nanoTime();
            sub.close(); // while the reader is blocked on a silent stream
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(sub.isOpen());
            assertTrue(ms < 1000, "close took " + ms + " ms");
            assertNull(got.poll(100, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aRefusedSubscriptionEndsAndReportsTheError() throws Exception {
        server.on("GET", "/events", (ex, req) -> ScriptedServer.error(ex, 403, "forbidden", "needs viewer"));
        AtomicReference<NubisApiException> error = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).basic("nobody", "pw").build()) {
            EventSubscription sub = c.subscribe(EventFilter.all(), e -> { }, e -> {
                error.set(e);
                ended.countDown();
            });
            assertTrue(ended.await(2, TimeUnit.SECONDS));
            assertEquals(403, error.get().status());
            assertEquals("forbidden", error.get().error());
            assertFalse(sub.isOpen());
        }
        assertEquals(1, server.count("GET", "/events"), "not retried");
    }

    @Test
    void aListenerThatThrowsDoesNotEndTheSubscription() throws Exception {
        server.on("GET", "/events", (ex, req) -> {
            OutputStream out = stream(ex);
            send(out, "id: 1\ndata: 1\n\nid: 2\ndata: 2\n\n");
            release.await(10, TimeUnit.SECONDS);
        });
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).basic("viewer", "pw").build()) {
            EventSubscription sub = c.subscribe(EventFilter.all(), e -> {
                got.add(e.id());
                if (e.id().equals("1")) {
                    throw new IllegalStateException("listener bug");
                }
            });
            assertEquals("1", got.poll(2, TimeUnit.SECONDS));
            assertEquals("2", got.poll(2, TimeUnit.SECONDS));
            assertTrue(sub.isOpen());
        }
        // closing the client closed the subscription
    }

    @Test
    void theRequestTimeoutDoesNotCutASilentStream() throws Exception {
        server.on("GET", "/events", (ex, req) -> {
            OutputStream out = stream(ex);
            Thread.sleep(800); // silent for longer than the request timeout
            send(out, "id: 1\ndata: {}\n\n");
            release.await(10, TimeUnit.SECONDS);
        });
        BlockingQueue<NubisEvent> got = new LinkedBlockingQueue<>();
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).basic("viewer", "pw")
                .requestTimeout(Duration.ofMillis(300)).build()) {
            c.subscribe(EventFilter.all(), got::add);
            assertEquals("1", got.poll(2, TimeUnit.SECONDS).id());
        }
        assertEquals(1, server.count("GET", "/events"), "the timeout covers the headers, not the stream");
    }
}
