package org.nubis.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local cloud's own native API, seen from a test: what the cloud says, independently of
 * Nubis's records, and its test knobs.
 */
final class LocalCloudApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path home;

    LocalCloudApi(Path home) {
        this.home = home;
    }

    static LocalCloudApi ofKaraf() {
        return new LocalCloudApi(Path.of(System.getProperty("karaf.data"), "localcloud"));
    }

    Path home() {
        return home;
    }

    JsonNode get(String path) throws Exception {
        return send("GET", path, null);
    }

    JsonNode put(String path, Object body) throws Exception {
        return send("PUT", path, body);
    }

    JsonNode post(String path, Object body) throws Exception {
        return send("POST", path, body);
    }

    /** The EC2 face's own keys (HOME/ec2-credentials), as a cloud's credentials take them. */
    Map<String, String> ec2Credentials() throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(home.resolve("ec2-credentials"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return Map.of("accessKeyId", values.get("aws_access_key_id"), "secretAccessKey", values.get("aws_secret_access_key"));
    }

    /** Instances the cloud reports that are not terminated. */
    List<JsonNode> live() throws Exception {
        List<JsonNode> live = new ArrayList<>();
        for (JsonNode i : get("/v1/instances").path("instances")) {
            if (!"terminated".equals(i.path("state").asText())) {
                live.add(i);
            }
        }
        return live;
    }

    JsonNode instance(String cloudId) throws Exception {
        return get("/v1/instances/" + cloudId);
    }

    private JsonNode send(String method, String path, Object body) throws Exception {
        JsonNode state = JSON.readTree(home.resolve("localcloud.json").toFile());
        String token = Files.readString(home.resolve("token")).trim();
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + state.path("apiPort").asInt() + path))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            rq.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            rq.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> rs = http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
        if (rs.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + rs.statusCode() + " " + rs.body());
        }
        return JSON.readTree(rs.body());
    }
}
