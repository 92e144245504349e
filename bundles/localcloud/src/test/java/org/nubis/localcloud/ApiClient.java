package org.nubis.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A small client of the native API for tests, with java.net.http. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        List<JsonNode> instances() {
            List<JsonNode> list = new ArrayList<>();
            json().path("instances").forEach(list::add);
            return list;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final int port;
    private final String token;

    ApiClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    Response get(String path) {
        return send("GET", path, null, token);
    }

    Response post(String path, Object body) {
        return send("POST", path, body, token);
    }

    Response put(String path, Object body) {
        return send("PUT", path, body, token);
    }

    Response send(String method, String path, Object body, String bearer) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, publisher)
                    .header("Content-Type", "application/json");
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Launches and returns the instances (asserting 201). */
    List<JsonNode> launch(Map<String, Object> body) {
        Response response = post("/v1/instances", body);
        if (response.status() != 201) {
            throw new AssertionError("launch answered " + response.status() + ": " + response.body());
        }
        return response.instances();
    }

    JsonNode instance(String id) {
        Response response = get("/v1/instances/" + id);
        if (response.status() != 200) {
            throw new AssertionError("describe " + id + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    /** Polls an instance until the condition holds; fails after a generous bound (not a timing assertion). */
    JsonNode awaitInstance(String id, Predicate<JsonNode> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode instance = instance(id);
        while (!condition.test(instance)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " never became " + what + "; last seen: " + instance);
            }
            pause();
            instance = instance(id);
        }
        return instance;
    }

    JsonNode awaitState(String id, String state) {
        return awaitInstance(id, i -> i.path("state").asText().equals(state), state);
    }

    static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
