package org.nubis.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP peer for the client's tests: the JDK's HttpServer on a free port, answering each
 * {@code METHOD /path} (under {@code /nubis/api/v1}) with a handler the test gives, and recording
 * every request it got.
 */
final class ScriptedServer implements AutoCloseable {

    static final String PREFIX = "/nubis/api/v1";

    /** A request as the server saw it. */
    record Seen(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange ex, Seen request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    final List<Seen> requests = new CopyOnWriteArrayList<>();

    ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PREFIX);
    }

    ScriptedServer on(String method, String path, Handler handler) {
        routes.put(method + " " + path, handler);
        return this;
    }

    List<Seen> seen(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    long count(String method, String path) {
        return seen(method, path).size();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath();
            String path = raw.startsWith(PREFIX) ? raw.substring(PREFIX.length()) : raw;
            Seen seen = new Seen(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                    Map.copyOf(ex.getRequestHeaders()), ex.getRequestBody().readAllBytes());
            requests.add(seen);
            Handler h = routes.get(seen.method() + " " + path);
            if (h == null) {
                json(ex, 404, "{\"error\":\"not_found\",\"detail\":\"no route " + path + "\"}");
                return;
            }
            h.handle(ex, seen);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Answers JSON; {@code headers} are name, value pairs. */
    static void json(HttpExchange ex, int status, String body, String... headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            ex.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** An error in the API's shape. */
    static void error(HttpExchange ex, int status, String code, String detail, String... headers) throws IOException {
        json(ex, status, "{\"error\":\"" + code + "\",\"detail\":\"" + detail + "\"}", headers);
    }

    /** A page of the given JSON items. */
    static String page(List<String> items, int offset, int limit, int total) {
        return "{\"items\":[" + String.join(",", items) + "],\"offset\":" + offset + ",\"limit\":" + limit
                + ",\"total\":" + total + "}";
    }

    static Map<String, String> query(Seen s) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        if (s.query() != null) {
            for (String kv : s.query().split("&")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
