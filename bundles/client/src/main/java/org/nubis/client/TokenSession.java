package org.nubis.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An API key traded for bearer tokens at {@code POST /auth/token}.
 *
 * <p>A token is renewed {@code renewBefore} ahead of its expiry, at the first request in that
 * window, so that no request goes out with a token about to lapse. One caller renews while the
 * others wait for its token (or, while the old token is still valid, go on with it): however many
 * threads share the client, one renewal means one request to the server.
 *
 * <p>Expiry is measured on this machine's monotonic clock from when the token was asked for, never
 * from the server's {@code expiresAt}, so that clock skew between the two cannot make a token look
 * valid when it is not.
 */
final class TokenSession implements Authenticator {

    /** Used when the server says neither expiresIn nor expiresAt: renew often rather than fail. */
    private static final long UNKNOWN_TTL_SECONDS = 60;

    private record Token(String header, long refreshAt, long expiresAt) {
    }

    private final Transport transport;
    private final String accessKey;
    private final String secret;
    private final long renewBeforeNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Token current;

    TokenSession(Transport transport, String accessKey, String secret, Duration renewBefore) {
        if (accessKey == null || accessKey.isEmpty() || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("an API key login needs an access key and a secret");
        }
        this.transport = transport;
        this.accessKey = accessKey;
        this.secret = secret;
        this.renewBeforeNanos = renewBefore.toNanos();
    }

    @Override
    public String authorization() {
        Token t = current;
        long now = System.nanoTime();
        if (t != null && now - t.refreshAt < 0) {
            return t.header;
        }
        if (t != null && now - t.expiresAt < 0) {
            // In the renewal window but still valid: if another caller is renewing, don't queue up
            // behind it, use the valid token.
            if (!lock.tryLock()) {
                return t.header;
            }
        } else {
            lock.lock();
        }
        try {
            Token latest = current;
            if (latest != null && System.nanoTime() - latest.refreshAt < 0) {
                return latest.header; // renewed by another caller while this one waited
            }
            try {
                return renew().header;
            } catch (NubisApiException e) {
                // A valid token beats an error: the renewal is tried again at the next request. A
                // 401 (key revoked, wrong secret) is final, though.
                if (latest != null && System.nanoTime() - latest.expiresAt < 0 && e.status() != 401) {
                    return latest.header;
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean renewAfterRejection(String rejected) {
        lock.lock();
        try {
            Token latest = current;
            if (latest == null || latest.header.equals(rejected)) {
                renew();
            }
            // else another caller already replaced the rejected token: retry with its new one
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Asks for a token; called with the lock held. */
    private Token renew() {
        long asked = System.nanoTime();
        byte[] body = Json.write(transport.json(), Json.object("accessKey", accessKey, "secret", secret));
        Transport.Response<byte[]> r = transport.send(Call.json("POST", "/auth/token", body), null,
                BodyHandlers.ofByteArray());
        JsonNode n = Json.tree(transport.json(), r.body());
        String token = n.path("token").asText(null);
        if (token == null || token.isEmpty()) {
            throw new NubisApiException(r.status(), "invalid_response", "the token answer has no token",
                    "POST /auth/token", null);
        }
        long ttl = TimeUnit.SECONDS.toNanos(ttlSeconds(n));
        // Renew renewBefore ahead, but never earlier than half-way: with a short-lived token and a
        // long renewBefore every request would otherwise fetch a new token.
        long margin = Math.min(renewBeforeNanos, ttl / 2);
        Token t = new Token("Bearer " + token, asked + ttl - margin, asked + ttl);
        current = t;
        return t;
    }

    private static long ttlSeconds(JsonNode n) {
        long in = n.path("expiresIn").asLong(0);
        if (in > 0) {
            return in;
        }
        String at = n.path("expiresAt").asText(null);
        if (at != null) {
            try {
                return Math.max(1, Duration.between(Instant.now(), Instant.parse(at)).getSeconds());
            } catch (DateTimeParseException ignored) {
                // fall through to the default
            }
        }
        return UNKNOWN_TTL_SECONDS;
    }

    @Override
    public String toString() {
        return "api-key " + accessKey;
    }
}
