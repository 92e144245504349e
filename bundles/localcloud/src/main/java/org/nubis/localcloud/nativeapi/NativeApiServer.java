package org.nubis.localcloud.nativeapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.sun.net.httpserver.HttpExchange;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nubis.localcloud.LoopbackHttpServer;
import org.nubis.localcloud.engine.CloudException;
import org.nubis.localcloud.ec2api.Ec2Instances;
import org.nubis.localcloud.engine.InstanceDescription;
import org.nubis.localcloud.engine.InstanceFilter;
import org.nubis.localcloud.engine.InstanceState;
import org.nubis.localcloud.engine.LaunchRequest;
import org.nubis.localcloud.engine.SandboxCloud;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The native control API (API.md): HTTP + JSON on 127.0.0.1, bearer token, on top of the engine. */
public final class NativeApiServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(NativeApiServer.class);
    private static final String PREFIX = "/v1/";

    static {
        // The JDK server writes headers and body separately; with Nagle on, a client that keeps the
        // connection open (java.net.http does) waits ~40 ms for a delayed ACK on every request. Read once,
        // when the JDK's server first starts, hence here.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SandboxCloud cloud;
    private final ApiToken token;
    private final String version;
    private final Runnable onRequest;
    private final Runnable onShutdownRequest;
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final LoopbackHttpServer server;

    /**
     * @param port              0 for any free port
     * @param onRequest         told of every authorized request (the idle exit counts from the last one)
     * @param onShutdownRequest run after answering POST /v1/shutdown
     */
    public NativeApiServer(SandboxCloud cloud, ApiToken token, String version, int port, Runnable onRequest,
            Runnable onShutdownRequest) throws IOException {
        this.cloud = cloud;
        this.token = token;
        this.version = version;
        this.onRequest = onRequest;
        this.onShutdownRequest = onShutdownRequest;
        this.server = new LoopbackHttpServer("native-api", port, this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                if (!token.acceptsHeader(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    throw new ApiError(401, "unauthorized",
                            "send 'Authorization: Bearer <token>' with the token from the local cloud's home (file 'token')");
                }
                onRequest.run();
                route(exchange);
            } catch (ApiError e) {
                sendError(exchange, e.status(), e.code(), e.getMessage());
            } catch (CloudException e) {
                sendError(exchange, statusOf(e.kind()), codeOf(e.kind()), e.getMessage());
            } catch (UnrecognizedPropertyException e) {
                sendError(exchange, 400, "invalid_request", "unknown field '" + e.getPropertyName()
                        + "'; known fields: " + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).toList()));
            } catch (JsonMappingException e) {
                sendError(exchange, 400, "invalid_request", "invalid value" + fieldOf(e) + ": " + oneLine(e.getOriginalMessage()));
            } catch (JsonProcessingException e) {
                sendError(exchange, 400, "invalid_request", "malformed JSON: " + oneLine(e.getOriginalMessage()));
            } catch (IllegalArgumentException e) {
                sendError(exchange, 400, "invalid_request", oneLine(e.getMessage()));
            } catch (IllegalStateException e) {
                sendError(exchange, 503, "internal", oneLine(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                sendError(exchange, 500, "internal", oneLine(String.valueOf(e.getMessage())));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.startsWith(PREFIX)) {
            throw ApiError.notFound("no endpoint " + path + "; the API lives under /v1/");
        }
        String[] parts = path.substring(PREFIX.length()).split("/");
        switch (parts[0]) {
            case "info" -> {
                requireMethod(method, "GET", path, parts.length == 1);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("version", version);
                info.put("pid", ProcessHandle.current().pid());
                info.put("instances", cloud.activeCount());
                sendJson(exchange, 200, info);
            }
            case "catalog" -> {
                requireMethod(method, "GET", path, parts.length == 1);
                Map<String, Object> catalog = new LinkedHashMap<>();
                catalog.put("images", cloud.config().images());
                catalog.put("flavors", cloud.config().flavors());
                catalog.put("defaultImage", cloud.config().defaultImage());
                catalog.put("defaultFlavor", cloud.config().defaultFlavor());
                catalog.put("maxLaunchCount", cloud.config().maxLaunchCount());
                sendJson(exchange, 200, catalog);
            }
            case "knobs" -> {
                if (parts.length != 1) {
                    throw ApiError.notFound("no endpoint " + path);
                }
                if (method.equals("GET")) {
                    sendJson(exchange, 200, cloud.knobs().get().asMap());
                } else if (method.equals("PUT")) {
                    Map<?, ?> changes = readBody(exchange, Map.class);
                    Map<String, Object> typed = new LinkedHashMap<>();
                    changes.forEach((key, value) -> typed.put(String.valueOf(key), value));
                    sendJson(exchange, 200, cloud.knobs().update(typed).asMap());
                } else {
                    throw wrongMethod(path, "GET or PUT");
                }
            }
            case "shutdown" -> {
                requireMethod(method, "POST", path, parts.length == 1);
                sendJson(exchange, 202, Map.of("status", "shutting down"));
                exchange.close();
                onShutdownRequest.run();
            }
            case "instances" -> instances(exchange, method, path, parts);
            default -> throw ApiError.notFound("no endpoint " + path);
        }
    }

    private void instances(HttpExchange exchange, String method, String path, String[] parts) throws IOException {
        String user = cloud.sshUser();
        if (parts.length == 1) {
            if (method.equals("GET")) {
                sendJson(exchange, 200, InstanceJson.list(describe(exchange.getRequestURI().getRawQuery()), user));
            } else if (method.equals("POST")) {
                Requests.Launch body = readBody(exchange, Requests.Launch.class);
                List<InstanceDescription> launched = cloud.launch(new LaunchRequest(
                        body.count() == null ? 1 : body.count(),
                        body.image(), body.flavor(), body.tags(), body.publicKeys(), body.userData()));
                sendJson(exchange, 201, InstanceJson.list(launched, user));
            } else {
                throw wrongMethod(path, "GET or POST");
            }
            return;
        }
        if (parts.length == 2 && method.equals("POST")) {
            switch (parts[1]) {
                case "terminate" -> sendJson(exchange, 200, InstanceJson.list(cloud.terminate(ids(exchange)), user));
                case "stop" -> sendJson(exchange, 200, InstanceJson.list(cloud.stop(ids(exchange)), user));
                case "start" -> sendJson(exchange, 200, InstanceJson.list(cloud.start(ids(exchange)), user));
                case "tags" -> {
                    Requests.Tags body = readBody(exchange, Requests.Tags.class);
                    if (body.ids() == null || body.tags() == null) {
                        throw ApiError.invalid("send {\"ids\": [...], \"tags\": {...}}");
                    }
                    sendJson(exchange, 200, InstanceJson.list(cloud.tag(body.ids(), body.tags()), user));
                }
                default -> throw ApiError.notFound("no endpoint POST " + path
                        + "; actions are terminate, stop, start, tags");
            }
            return;
        }
        if (parts.length == 2) {
            requireMethod(method, "GET", path, true);
            sendJson(exchange, 200, InstanceJson.of(cloud.describe(parts[1]), user));
            return;
        }
        if (parts.length == 3 && parts[2].equals("console")) {
            requireMethod(method, "GET", path, true);
            byte[] console = cloud.console(parts[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            send(exchange, 200, console);
            return;
        }
        throw ApiError.notFound("no endpoint " + path);
    }

    private List<InstanceDescription> describe(String rawQuery) {
        Map<String, String> tags = new HashMap<>();
        Set<InstanceState> states = new HashSet<>();
        Set<String> ids = new HashSet<>();
        boolean contradictory = false;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.startsWith("tag:") && key.length() > 4) {
                    String previous = tags.put(key.substring(4), value);
                    // Two different values for one tag (AND) can match nothing.
                    contradictory |= previous != null && !previous.equals(value);
                } else if (key.equals("state")) {
                    states.add(InstanceState.fromApiName(value));
                } else if (key.equals("id")) {
                    ids.add(value);
                } else {
                    throw ApiError.invalid("unknown filter '" + key + "'; filters are tag:KEY=VALUE, state=STATE, id=ID");
                }
            }
        }
        if (contradictory) {
            return List.of();
        }
        // the EC2 face's instances belong to its clients, as another account's would
        return cloud.describe(new InstanceFilter(tags, states, ids)).stream().filter(d -> !Ec2Instances.launchedHere(d)).toList();
    }

    private List<String> ids(HttpExchange exchange) throws IOException {
        Requests.Ids body = readBody(exchange, Requests.Ids.class);
        if (body.ids() == null) {
            throw ApiError.invalid("send {\"ids\": [\"lc-...\", ...]}");
        }
        return body.ids();
    }

    private <T> T readBody(HttpExchange exchange, Class<T> type) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length == 0) {
            throw ApiError.invalid("the request needs a JSON body");
        }
        T value = json.readValue(body, type);
        if (value == null) {
            throw ApiError.invalid("the request needs a JSON object, not null");
        }
        return value;
    }

    private static void requireMethod(String method, String expected, String path, boolean pathMatches) {
        if (!pathMatches) {
            throw ApiError.notFound("no endpoint " + path);
        }
        if (!method.equals(expected)) {
            throw wrongMethod(path, expected);
        }
    }

    private static ApiError wrongMethod(String path, String allowed) {
        return new ApiError(405, "invalid_request", "use " + allowed + " for " + path);
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, json.writeValueAsBytes(body));
    }

    private void sendError(HttpExchange exchange, int status, String code, String detail) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("detail", detail);
        sendJson(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static int statusOf(CloudException.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case CAPACITY -> 503;
        };
    }

    private static String codeOf(CloudException.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> "invalid_request";
            case NOT_FOUND -> "not_found";
            case CONFLICT -> "conflict";
            case CAPACITY -> "capacity";
        };
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** The JSON field a mapping error is about, e.g. " for 'count'", or "" for the whole body. */
    private static String fieldOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.length() == 0 ? "" : " for '" + field + "'";
    }
}
