package org.nubis.client;

import static java.lang.System.Logger.Level.DEBUG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one request and gets its answer, retrying what is safe to retry: 429 and 503 (the server
 * did not do the work) for every method, with backoff and the server's Retry-After; a lost
 * connection only for idempotent methods, since a POST may have started work before the answer was
 * lost. Turns every other answer outside 2xx into a {@link NubisApiException}.
 *
 * <p>Knows nothing of logins: the caller passes the Authorization value (see {@link Requests}).
 * Logs at DEBUG only the method, path and status of retries: never headers or bodies.
 */
final class Transport {

    static final System.Logger LOG = System.getLogger("org.nubis.client");

    /** Codes for answers without a Nubis error body (a proxy's page, an empty body). */
    private static final Map<Integer, String> DEFAULT_CODES = Map.ofEntries(
            Map.entry(400, "invalid_request"), Map.entry(401, "unauthorized"), Map.entry(403, "forbidden"),
            Map.entry(404, "not_found"), Map.entry(405, "method_not_allowed"), Map.entry(409, "conflict"),
            Map.entry(415, "unsupported_media_type"), Map.entry(429, "too_many_requests"),
            Map.entry(500, "internal"), Map.entry(503, "unavailable"));

    private static final int MAX_DETAIL = 300;

    record Response<T>(int status, HttpHeaders headers, T body) {
    }

    /** What came back: the handler's value for a 2xx answer, the raw bytes of any other. */
    private record Outcome<T>(T value, byte[] errorBody, boolean failed) {
        static <T> Outcome<T> ok(T value) {
            return new Outcome<>(value, null, false);
        }

        static <T> Outcome<T> failed(byte[] body) {
            return new Outcome<>(null, body, true);
        }
    }

    private final HttpClient http;
    private final String base;
    private final ObjectMapper json;
    private final Backoff backoff;
    private final int maxRetries;
    private final Duration requestTimeout;

    Transport(HttpClient http, URI baseUri, ObjectMapper json, Backoff backoff, int maxRetries,
              Duration requestTimeout) {
        this.http = http;
        String b = baseUri.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.json = json;
        this.backoff = backoff;
        this.maxRetries = maxRetries;
        this.requestTimeout = requestTimeout;
    }

    HttpClient http() {
        return http;
    }

    ObjectMapper json() {
        return json;
    }

    Backoff backoff() {
        return backoff;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    URI baseUri() {
        return URI.create(base);
    }

    /** The request for one attempt; {@code authorization} is the header's value, or null for none. */
    HttpRequest.Builder builder(Call call, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + call.target()))
                .timeout(call.timeout() != null ? call.timeout() : requestTimeout)
                .method(call.method(), call.body() == null ? BodyPublishers.noBody() : call.body().get())
                .header("User-Agent", "nubis-client/0.1");
        if (call.contentType() != null) {
            b.header("Content-Type", call.contentType());
        }
        if (call.accept() != null) {
            b.header("Accept", call.accept());
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    <T> Response<T> send(Call call, String authorization, BodyHandler<T> handler) {
        int attempt = 0;
        while (true) {
            HttpResponse<Outcome<T>> response;
            try {
                response = http.send(builder(call, authorization).build(), info -> info.statusCode() / 100 == 2
                        ? BodySubscribers.mapping(handler.apply(info), Outcome::ok)
                        : BodySubscribers.mapping(BodySubscribers.ofByteArray(), Outcome::<T>failed));
            } catch (IOException e) {
                if (call.idempotent() && attempt < maxRetries) {
                    pause(call, attempt++, null, describe(e));
                    continue;
                }
                throw new NubisApiException(0, NubisApiException.IO_ERROR, describe(e), call.describe(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NubisApiException(0, NubisApiException.INTERRUPTED, "interrupted while waiting for the answer",
                        call.describe(), e);
            }
            Outcome<T> outcome = response.body();
            int status = response.statusCode();
            if (!outcome.failed()) {
                return new Response<>(status, response.headers(), outcome.value());
            }
            if ((status == 429 || status == 503) && attempt < maxRetries) {
                pause(call, attempt++, retryAfter(response.headers()), "status " + status);
                continue;
            }
            throw error(call, status, outcome.errorBody());
        }
    }

    private void pause(Call call, int attempt, Duration retryAfter, String why) {
        Duration d = backoff.delay(attempt, retryAfter);
        LOG.log(DEBUG, () -> call.describe() + ": " + why + "; retry " + (attempt + 1) + " of " + maxRetries + " in "
                + d.toMillis() + " ms");
        Backoff.sleep(d, call.describe());
    }

    /** The exception for an answer outside 2xx: the Nubis error body when there is one. */
    NubisApiException error(Call call, int status, byte[] body) {
        String code = null;
        String detail = null;
        try {
            JsonNode n = body == null || body.length == 0 ? null : json.readTree(body);
            if (n != null && n.isObject()) {
                code = text(n.get("error"));
                detail = text(n.get("detail"));
            }
        } catch (IOException notJson) {
            // Not a Nubis answer (a proxy, a servlet container's page): keep its beginning as the detail.
            detail = clip(new String(body, StandardCharsets.UTF_8));
        }
        if (code == null) {
            code = DEFAULT_CODES.getOrDefault(status, "http_" + status);
        }
        return new NubisApiException(status, code, detail, call.describe(), null);
    }

    /** Retry-After as delta-seconds or as an HTTP date; absent or unreadable: null. */
    static Duration retryAfter(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After");
        if (v.isEmpty()) {
            return null;
        }
        String s = v.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(s)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(s,
                        DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.isEmpty() ? null : one.length() <= MAX_DETAIL ? one : one.substring(0, MAX_DETAIL) + "...";
    }
}
