package org.nubis.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Plain HTTP calls to the REST API of the distribution under test, as any client would make
 * them; every answer is kept so that a test can scan them all for secrets.
 */
final class Rest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Every answer's text, for the secret scan. */
    static final List<String> ANSWERS = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    record Answer(int status, JsonNode body, String text, HttpResponse<String> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Rest(String httpPort) {
        this.base = "http://127.0.0.1:" + httpPort + "/nubis/api/v1";
    }

    static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    String url(String path) {
        return base + path;
    }

    Answer call(String authorization, String method, String path, String json) throws Exception {
        return call(authorization, method, path, json == null ? null : HttpRequest.BodyPublishers.ofString(json),
                "application/json");
    }

    Answer call(String authorization, String method, String path, HttpRequest.BodyPublisher body, String contentType)
            throws Exception {
        return call(authorization, method, path, body, contentType, 50);
    }

    /** Sends the request exactly once: what a test of answers must see, an empty 404 included. */
    Answer once(String authorization, String method, String path, HttpRequest.BodyPublisher body, String contentType)
            throws Exception {
        return call(authorization, method, path, body, contentType, 0);
    }

    private Answer call(String authorization, String method, String path, HttpRequest.BodyPublisher body, String contentType,
                        int retries) throws Exception {
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path));
        if (authorization != null) {
            rq.header("Authorization", authorization);
        }
        rq.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (body != null) {
            rq.header("Content-Type", contentType);
        }
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> rs = http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
            // Right after boot the servlet may not be registered yet.
            if ((rs.statusCode() == 404 && rs.body().isEmpty() || rs.statusCode() == 503) && attempt < retries) {
                Thread.sleep(200);
                continue;
            }
            synchronized (ANSWERS) {
                ANSWERS.add(rs.headers().map() + "\n" + rs.body());
            }
            return new Answer(rs.statusCode(), parse(rs), rs.body(), rs);
        }
    }

    private static JsonNode parse(HttpResponse<String> rs) throws IOException {
        String type = rs.headers().firstValue("Content-Type").orElse("");
        return rs.body().isEmpty() || !type.contains("json") ? null : JSON.readTree(rs.body());
    }

    /** Waits for an operation (long-polling) and returns it finished. */
    JsonNode await(String authorization, Answer accepted) throws Exception {
        if (accepted.status() != 202) {
            throw new AssertionError("expected 202 Accepted, got " + accepted.status() + ": " + accepted.text());
        }
        String location = accepted.header("Location");
        for (int i = 0; i < 10; i++) {
            Answer op = call(authorization, "GET", location + "?wait=30", null);
            if (!"running".equals(op.body().path("state").asText())) {
                return op.body();
            }
        }
        throw new AssertionError("operation " + location + " did not finish in 5 minutes");
    }

    /** Waits for an operation that must succeed and returns its result. */
    JsonNode result(String authorization, Answer accepted) throws Exception {
        JsonNode op = await(authorization, accepted);
        if (!"succeeded".equals(op.path("state").asText())) {
            throw new AssertionError("operation did not succeed: " + op);
        }
        return op.path("result");
    }
}
