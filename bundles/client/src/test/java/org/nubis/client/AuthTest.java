package org.nubis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nubis.api.auth.Role;

/** API-key login: the token exchange, renewal ahead of expiry, and one renewal after a 401. */
class AuthTest {

    private static final String SECRET = "s3cr3t-Value-Never-Shown";

    private ScriptedServer server;
    private final AtomicInteger issued = new AtomicInteger();
    /** token → when it was issued (nanoTime) */
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile long ttlSeconds = 900;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
        server.on("POST", "/auth/token", (ex, req) -> {
            if (!req.bodyText().contains(SECRET)) {
                ScriptedServer.error(ex, 401, "unauthorized", "wrong access key or secret");
                return;
            }
            String token = "tok" + issued.incrementAndGet();
            tokens.put(token, System.nanoTime());
            ScriptedServer.json(ex, 200, "{\"token\":\"" + token + "\",\"tokenType\":\"Bearer\",\"expiresIn\":"
                    + ttlSeconds + ",\"expiresAt\":\"2030-01-01T00:00:00Z\"}");
        });
        // whoami answers for a token younger than its lifetime, as the real server does
        server.on("GET", "/auth/whoami", (ex, req) -> {
            String auth = req.header("Authorization");
            Long at = auth == null ? null : tokens.get(auth.substring("Bearer ".length()));
            if (at == null || System.nanoTime() - at >= TimeUnit.SECONDS.toNanos(ttlSeconds)) {
                rejected.incrementAndGet();
                ScriptedServer.error(ex, 401, "token_expired", "the token has expired", "WWW-Authenticate", "Bearer");
                return;
            }
            ScriptedServer.json(ex, 200, "{\"user\":\"alice\",\"role\":\"operator\",\"via\":\"token\","
                    + "\"accessKey\":\"NBKTEST\"}");
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private NubisClient client(Duration renewBefore) {
        return NubisClient.builder().baseUri(server.base()).apiKey("NBKTEST", SECRET).renewBefore(renewBefore)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
    }

    @Test
    void exchangesTheKeyForABearerToken() {
        try (NubisClient c = client(Duration.ofSeconds(60))) {
            Identity me = c.whoami();
            assertEquals("alice", me.user());
            assertEquals(Role.OPERATOR, me.role());
            assertEquals("token", me.via());
            c.whoami();
        }
        assertEquals(1, issued.get(), "one token serves both requests");
        assertEquals("Bearer tok1", server.seen("GET", "/auth/whoami").get(1).header("Authorization"));
        String body = server.seen("POST", "/auth/token").get(0).bodyText();
        assertTrue(body.contains("\"accessKey\":\"NBKTEST\""), body);
    }

    @Test
    void renewsTheTokenBeforeItExpires() throws Exception {
        ttlSeconds = 2;
        try (NubisClient c = client(Duration.ofSeconds(1))) {
            c.whoami();
            Thread.sleep(400);
            c.whoami();
            assertEquals(1, issued.get(), "not yet in the renewal window");
            Thread.sleep(700); // 1.1 s after the token was issued: inside the last second of its 2 s life
            c.whoami();
            assertEquals(2, issued.get(), "renewed ahead of expiry");
            assertEquals("Bearer tok2", last("/auth/whoami").header("Authorization"));
            // renewed while the old token was still valid, so no request was ever refused
            long oldAge = tokens.get("tok2") - tokens.get("tok1");
            assertTrue(oldAge < TimeUnit.SECONDS.toNanos(2), "renewed " + oldAge / 1_000_000 + " ms after issue");
        }
        assertEquals(0, rejected.get(), "no request saw a 401");
    }

    @Test
    void a401RenewsOnceAndRetriesOnce() {
        // the server forgets tok1 (e.g. it restarted): the first request with it is refused
        server.on("GET", "/experiments", (ex, req) -> {
            if ("Bearer tok1".equals(req.header("Authorization"))) {
                ScriptedServer.error(ex, 401, "token_expired", "unknown token");
            } else {
                ScriptedServer.json(ex, 200, ScriptedServer.page(List.of("{\"name\":\"e1\"}"), 0, 500, 1));
            }
        });
        try (NubisClient c = client(Duration.ofSeconds(60))) {
            assertEquals("e1", c.experiments().get(0).name());
        }
        assertEquals(2, issued.get(), "exactly one renewal");
        assertEquals(2, server.count("GET", "/experiments"), "exactly one retry");
    }

    @Test
    void aSecond401IsTheAnswerNotALoop() {
        server.on("GET", "/experiments", (ex, req) -> ScriptedServer.error(ex, 401, "unauthorized", "no"));
        try (NubisClient c = client(Duration.ofSeconds(60))) {
            NubisApiException e = assertThrows(NubisApiException.class, c::experiments);
            assertEquals(401, e.status());
            assertEquals("unauthorized", e.error());
            assertEquals("no", e.detail());
        }
        assertEquals(2, issued.get());
        assertEquals(2, server.count("GET", "/experiments"));
    }

    @Test
    void aRevokedKeyIsNotRenewed() {
        server.on("GET", "/experiments", (ex, req) -> ScriptedServer.error(ex, 401, "key_revoked", "revoked"));
        try (NubisClient c = client(Duration.ofSeconds(60))) {
            NubisApiException e = assertThrows(NubisApiException.class, c::experiments);
            assertEquals("key_revoked", e.error());
        }
        assertEquals(1, issued.get());
        assertEquals(1, server.count("GET", "/experiments"));
    }

    @Test
    void concurrentCallersShareOneRenewal() throws Exception {
        server.on("POST", "/auth/token", (ex, req) -> {
            Thread.sleep(200); // a slow token endpoint: every caller arrives while it works
            String token = "tok" + issued.incrementAndGet();
            tokens.put(token, System.nanoTime());
            ScriptedServer.json(ex, 200, "{\"token\":\"" + token + "\",\"expiresIn\":900}");
        });
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try (NubisClient c = client(Duration.ofSeconds(60))) {
            List<Future<Identity>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return c.whoami();
                }));
            }
            go.countDown();
            for (Future<Identity> f : results) {
                assertEquals("alice", f.get(5, TimeUnit.SECONDS).user());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, issued.get(), "one token exchange for all callers");
        assertEquals(threads, server.count("GET", "/auth/whoami"));
    }

    @Test
    void aWrongSecretFailsOnceWithoutShowingIt() {
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).apiKey("NBKTEST", "wrong-secret-" + SECRET.substring(3))
                .build()) {
            NubisApiException e = assertThrows(NubisApiException.class, c::whoami);
            assertEquals(401, e.status());
            assertEquals("unauthorized", e.error());
            assertFalse(e.getMessage().contains(SECRET.substring(3)), e.getMessage());
            assertTrue(e.getMessage().contains("POST /auth/token"), e.getMessage());
        }
        assertEquals(1, server.count("POST", "/auth/token"), "a refused key is not retried");
        assertEquals(0, server.count("GET", "/auth/whoami"));
    }

    @Test
    void basicLoginSendsThePasswordHeaderAndDoesNotRetryA401() {
        server.on("GET", "/providers", (ex, req) -> ScriptedServer.error(ex, 401, "unauthorized", "bad password"));
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).basic("admin", SECRET).build()) {
            NubisApiException e = assertThrows(NubisApiException.class, c::providers);
            assertEquals(401, e.status());
            assertFalse(e.getMessage().contains(SECRET));
        }
        assertEquals(1, server.count("GET", "/providers"));
        assertTrue(server.seen("GET", "/providers").get(0).header("Authorization").startsWith("Basic "));
        assertEquals(0, server.count("POST", "/auth/token"));
    }

    @Test
    void openApiNeedsNoLogin() {
        server.on("GET", "/openapi.json", (ex, req) -> ScriptedServer.json(ex, 200, "{\"openapi\":\"3.0.3\"}"));
        try (NubisClient c = client(Duration.ofSeconds(60))) {
            assertEquals("3.0.3", c.openApi().path("openapi").asText());
        }
        assertNull(last("/openapi.json").header("Authorization"));
        assertEquals(0, issued.get());
    }

    private ScriptedServer.Seen last(String path) {
        List<ScriptedServer.Seen> s = server.seen("GET", path);
        return s.get(s.size() - 1);
    }
}
