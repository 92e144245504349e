package org.nubis.setup.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;

/**
 * The real local cloud, started and stopped through its launcher script (the jar comes from
 * LOCALCLOUD_JAR, set by the build), driven through its native HTTP+JSON API (API.md).
 */
public final class LocalCloud implements AutoCloseable {

    /** What the tests need of one running instance. */
    public record Instance(String id, String host, String privateHost, int sshPort, String sshUser) {

        /** The instance as the running, ready node {@code id} of a cluster (the tests' one place that makes nodes). */
        public Machine node(String nodeId, String cluster, String kind) {
            Instant now = Instant.now();
            return new Machine(nodeId, null, cluster, kind, "local", id, InstanceState.RUNNING, null, null, host, privateHost, sshPort,
                    sshUser, "sandbox", "small", "test", now, now, SetupState.NOT_RUN, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    private LocalCloud(Path home) throws IOException {
        this.home = home;
        JsonNode info = JSON.readTree(home.resolve("localcloud.json").toFile());
        this.base = "http://127.0.0.1:" + info.get("apiPort").asInt() + "/v1";
        this.token = Files.readString(home.resolve("token"), StandardCharsets.UTF_8).strip();
    }

    public static LocalCloud start(Path home) throws IOException, InterruptedException {
        int status = launcher("start", home);
        if (status != 0) {
            throw new IllegalStateException("nubis-localcloud start exited " + status);
        }
        return new LocalCloud(home);
    }

    private static int launcher(String command, Path home) throws IOException, InterruptedException {
        String launcher = System.getProperty("nubis.localcloud.launcher");
        if (launcher == null) {
            throw new IllegalStateException("set nubis.localcloud.launcher (the build does)");
        }
        Process process = new ProcessBuilder(launcher, command, "--home", home.toString()).inheritIO().start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("nubis-localcloud " + command + " did not finish within 60 s");
        }
        return process.exitValue();
    }

    /** Launches {@code count} instances that accept {@code publicKey} and waits until they listen. */
    public List<Instance> launch(int count, String publicKey, String tag) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("count", count);
        body.putArray("publicKeys").add(publicKey);
        body.putObject("tags").put("test", tag);
        JsonNode launched = call("POST", "/instances", body);
        List<String> ids = new ArrayList<>();
        launched.get("instances").forEach(i -> ids.add(i.get("id").asText()));
        String query = ids.stream().map(id -> "id=" + id).collect(Collectors.joining("&"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode now = call("GET", "/instances?" + query, null);
            List<Instance> running = new ArrayList<>();
            for (JsonNode i : now.get("instances")) {
                if (i.get("state").asText().equals("running") && i.get("sshPort").asInt() > 0) {
                    running.add(new Instance(i.get("id").asText(), i.get("host").asText(),
                            i.get("privateHost").asText(), i.get("sshPort").asInt(), i.get("sshUser").asText()));
                }
            }
            if (running.size() == ids.size()) {
                return running;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("instances did not all come up: " + now);
            }
            Thread.sleep(50);
        }
    }

    public void terminate(List<String> ids) throws IOException, InterruptedException {
        if (!ids.isEmpty()) {
            ObjectNode body = JSON.createObjectNode();
            ids.forEach(body.putArray("ids")::add);
            call("POST", "/instances/terminate", body);
        }
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        int status = launcher("stop", home);
        if (status != 0) {
            throw new IllegalStateException("nubis-localcloud stop exited " + status);
        }
    }
}
