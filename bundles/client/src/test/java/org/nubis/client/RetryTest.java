package org.nubis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries: 429 and 503 with backoff and Retry-After; lost connections for idempotent methods only. */
class RetryTest {

    private ScriptedServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private NubisClient client(int maxRetries) {
        return NubisClient.builder().baseUri(server.base()).basic("admin", "pw").maxRetries(maxRetries)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(40)).build();
    }

    @Test
    void a429WithRetryAfterIsRetriedAfterTheAskedDelay() {
        AtomicInteger calls = new AtomicInteger();
        server.on("GET", "/providers", (ex, req) -> {
            if (calls.incrementAndGet() == 1) {
                ScriptedServer.error(ex, 429, "too_many_requests", "slow down", "Retry-After", "1");
            } else {
                ScriptedServer.json(ex, 200, ScriptedServer.page(List.of(
                        "{\"type\":\"local\",\"description\":\"Local\",\"bundle\":\"nubis-provider-local\"}"), 0, 500, 1));
            }
        });
        long t0 = System.nanoTime();
        try (NubisClient c = client(4)) {
            assertEquals("local", c.providers().get(0).type());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2, calls.get());
        assertTrue(ms >= 1000, "waited the Retry-After second, took " + ms + " ms");
    }

    @Test
    void a503BeyondMaxRetriesFailsWithTheErrorBody() {
        server.on("GET", "/clusters", (ex, req) -> ScriptedServer.error(ex, 503, "unavailable",
                "the cluster service is not running"));
        try (NubisClient c = client(2)) {
            NubisApiException e = assertThrows(NubisApiException.class, c::clusters);
            assertEquals(503, e.status());
            assertEquals("unavailable", e.error());
            assertEquals("the cluster service is not running", e.detail());
            assertTrue(e.getMessage().startsWith("GET /clusters: 503 unavailable"), e.getMessage());
        }
        assertEquals(3, server.count("GET", "/clusters"), "the first try and 2 retries");
    }

    @Test
    void a503IsRetriedForAPostToo() {
        AtomicInteger calls = new AtomicInteger();
        server.on("POST", "/experiments", (ex, req) -> {
            if (calls.incrementAndGet() < 3) {
                ScriptedServer.error(ex, 503, "unavailable", "starting");
            } else {
                ScriptedServer.json(ex, 201, "{\"name\":\"demo\",\"createdAt\":\"2026-11-22T10:00:00Z\"}");
            }
        });
        try (NubisClient c = client(4)) {
            assertEquals("demo", c.createExperiment("demo").name());
        }
        assertEquals(3, calls.get());
    }

    @Test
    void aNonJsonErrorKeepsItsStatusAndABitOfItsText() {
        server.on("GET", "/clouds", (ex, req) -> {
            byte[] html = "<html><body>Bad gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(502, html.length);
            ex.getResponseBody().write(html);
        });
        try (NubisClient c = client(4)) {
            NubisApiException e = assertThrows(NubisApiException.class, c::clouds);
            assertEquals(502, e.status());
            assertEquals("http_502", e.error());
            assertTrue(e.detail().contains("Bad gateway"), e.detail());
        }
        assertEquals(1, server.count("GET", "/clouds"), "502 is not retried");
    }

    @Test
    void aLostConnectionIsRetriedForGetButNotForPost() throws Exception {
        try (DroppingServer peer = new DroppingServer(1)) {
            try (NubisClient c = NubisClient.builder().baseUri(peer.base()).basic("admin", "pw").maxRetries(3)
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(40)).build()) {
                assertEquals(0, c.experiments().size());
                assertEquals(2, peer.connections.get(), "one dropped, one answered");

                peer.drops.set(1);
                peer.connections.set(0);
                NubisApiException e = assertThrows(NubisApiException.class, () -> c.createExperiment("x"));
                assertEquals(0, e.status());
                assertEquals(NubisApiException.IO_ERROR, e.error());
                assertEquals(1, peer.connections.get(), "a POST whose answer was lost is not sent again");
            }
        }
    }

    @Test
    void aRefusedConnectionFailsAsAnIoError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (NubisClient c = NubisClient.builder().baseUri("http://127.0.0.1:" + port + "/nubis/api/v1")
                .basic("admin", "pw").maxRetries(2).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            NubisApiException e = assertThrows(NubisApiException.class, c::templates);
            assertEquals(NubisApiException.IO_ERROR, e.error());
            assertTrue(e.getMessage().startsWith("GET /templates: io_error"), e.getMessage());
        }
    }

    @Test
    void backoffGrowsAndStaysUnderItsCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            long d0 = b.delay(0, null).toMillis();
            long d3 = b.delay(3, null).toMillis();
            long d20 = b.delay(20, null).toMillis();
            assertTrue(d0 >= 50 && d0 <= 100, "attempt 0: " + d0);
            assertTrue(d3 >= 400 && d3 <= 800, "attempt 3: " + d3);
            assertTrue(d20 >= 500 && d20 <= 1000, "capped: " + d20);
            long ra = b.delay(0, Duration.ofSeconds(2)).toMillis();
            assertTrue(ra >= 2000 && ra <= 2200, "Retry-After honoured: " + ra);
        }
    }

    /**
     * A raw peer that reads a request and closes the connection without answering, {@code drops}
     * times; then answers an empty page to anything.
     */
    static final class DroppingServer implements AutoCloseable {
        final AtomicInteger drops = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket socket;
        private final Thread thread;

        DroppingServer(int drops) throws IOException {
            this.drops.set(drops);
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "dropping-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/nubis/api/v1");
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                    readHead(s.getInputStream());
                    if (drops.getAndDecrement() > 0) {
                        continue; // closes without a word
                    }
                    byte[] body = "{\"items\":[],\"offset\":0,\"limit\":500,\"total\":0}".getBytes(StandardCharsets.UTF_8);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        /** Reads up to the blank line that ends the request head (the tests' bodies are small and ignored). */
        private static void readHead(InputStream in) throws IOException {
            int state = 0;
            int b;
            while ((b = in.read()) >= 0) {
                state = (b == '\r' || b == '\n') ? state + 1 : 0;
                if (state == 4) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
