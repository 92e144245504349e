package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native API over HTTP: auth, validation, launch/describe/tags/stop/start/terminate, knobs. */
class NativeApiTest {

    @TempDir
    static Path home;
    static TestCloud test;
    static ApiClient api;
    static TestKeys keys = TestKeys.generate();

    @BeforeAll
    static void start() throws Exception {
        test = TestCloud.start(home, "maxInstances=40", "maxLaunchCount=30");
        api = test.api;
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    @Test
    void versionComesFromTheBuild() {
        assertTrue(Version.value().matches("\\d+\\.\\d+.*"), Version.value());
    }

    @Test
    void filesTellClientsWhereTheCloudIs() throws Exception {
        JsonNode info = ApiClient.JSON.readTree(Files.readString(test.cloud.home().resolve("localcloud.json")));
        assertEquals(ProcessHandle.current().pid(), info.path("pid").asLong());
        assertEquals(test.cloud.apiPort(), info.path("apiPort").asInt());
        assertEquals(Version.value(), info.path("version").asText());
        Path token = test.cloud.home().resolve("token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        assertEquals(test.cloud.token(), Files.readString(token).trim());
    }

    @Test
    void requestsWithoutTheTokenAreRefused() {
        ApiClient.Response none = api.send("GET", "/v1/info", null, null);
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.json().path("error").asText());
        assertFalse(none.json().path("detail").asText().isBlank());
        assertEquals(401, api.send("GET", "/v1/instances", null, "wrong").status());
        assertEquals(401, api.send("POST", "/v1/instances", Map.of("count", 1), "wrong").status());
    }

    @Test
    void infoAndCatalog() {
        JsonNode info = api.get("/v1/info").json();
        assertEquals(ProcessHandle.current().pid(), info.path("pid").asLong());
        assertTrue(info.has("instances"));
        assertEquals(Version.value(), info.path("version").asText());
        JsonNode catalog = api.get("/v1/catalog").json();
        assertEquals("sandbox", catalog.path("defaultImage").asText());
        assertEquals("small", catalog.path("defaultFlavor").asText());
        assertEquals(30, catalog.path("maxLaunchCount").asInt());
        assertEquals(3, catalog.path("flavors").size());
    }

    @Test
    void badLaunchesAreRefusedWithUsefulDetail() {
        assertInvalid(Map.of("count", 0), "count must be between 1 and 30");
        assertInvalid(Map.of("count", 100000), "count must be between 1 and 30");
        assertInvalid(Map.of("count", 1, "image", "windows"), "valid images: sandbox");
        assertInvalid(Map.of("count", 1, "flavor", "huge"), "valid flavors: small, medium, large");
        assertInvalid(Map.of("count", 1, "publicKeys", List.of("ssh-ed25519 notbase64")), "publicKeys[0]");
        assertInvalid(Map.of("count", 1, "tags", Map.of("localcloud:fault", "meteor")), "boot-failure");
        assertInvalid(Map.of("count", 1, "colour", "red"), "unknown field 'colour'");
        assertInvalid("{\"count\": ", "malformed JSON");
        assertInvalid(Map.of("count", "many"), "count");
    }

    private static void assertInvalid(Object body, String detailPart) {
        ApiClient.Response response = api.post("/v1/instances", body);
        assertEquals(400, response.status(), response.body());
        assertEquals("invalid_request", response.json().path("error").asText());
        String detail = response.json().path("detail").asText();
        assertTrue(detail.contains(detailPart), "detail '" + detail + "' should mention '" + detailPart + "'");
    }

    @Test
    void launchDescribeTagStopStartTerminate() {
        List<JsonNode> workers = api.launch(Map.of("count", 3, "flavor", "medium",
                "tags", Map.of("nubis:experiment", "api-test", "role", "worker"),
                "publicKeys", List.of(keys.publicLine())));
        List<JsonNode> head = api.launch(Map.of("count", 1,
                "tags", Map.of("nubis:experiment", "api-test", "role", "head"),
                "publicKeys", List.of(keys.publicLine())));
        assertEquals(3, workers.size());
        for (JsonNode instance : workers) {
            assertEquals("pending", instance.path("state").asText());
            assertTrue(instance.path("id").asText().startsWith("lc-"));
            assertEquals("sandbox", instance.path("image").asText());
            assertEquals("medium", instance.path("flavor").asText());
            assertEquals("127.0.0.1", instance.path("host").asText());
            assertEquals("127.0.0.1", instance.path("privateHost").asText());
            assertEquals(System.getProperty("user.name"), instance.path("sshUser").asText());
            assertTrue(instance.path("hostKey").asText().startsWith("ssh-ed25519 AAAA"));
            assertTrue(instance.path("launchedAt").asText().endsWith("Z"));
            assertTrue(instance.has("stateReason"));
        }
        String headId = head.get(0).path("id").asText();
        Set<String> workerIds = ids(workers);
        for (String id : workerIds) {
            JsonNode running = api.awaitState(id, "running");
            assertTrue(running.path("sshPort").asInt() > 0);
            assertTrue(Files.isDirectory(Path.of(running.path("dir").asText())));
        }
        api.awaitState(headId, "running");

        assertEquals(workerIds, ids(api.get("/v1/instances?tag:nubis:experiment=api-test&tag:role=worker").instances()));
        assertEquals(Set.of(headId), ids(api.get("/v1/instances?tag:role=head&state=running&state=stopped").instances()));
        assertEquals(Set.of(), ids(api.get("/v1/instances?tag:role=head&tag:role=worker").instances()));
        String first = workerIds.iterator().next();
        assertEquals(Set.of(first, headId), ids(api.get("/v1/instances?id=" + first + "&id=" + headId + "&id=lc-00000000").instances()));
        assertEquals(400, api.get("/v1/instances?colour=red").status());
        assertEquals(400, api.get("/v1/instances?state=sleeping").status());
        assertEquals(404, api.get("/v1/instances/lc-00000000").status());
        assertEquals("not_found", api.get("/v1/instances/lc-00000000").json().path("error").asText());

        List<JsonNode> tagged = api.post("/v1/instances/tags",
                Map.of("ids", List.of(headId, "lc-00000000"), "tags", Map.of("role", "boss", "extra", "1"))).instances();
        assertEquals(1, tagged.size());
        assertEquals("boss", tagged.get(0).path("tags").path("role").asText());
        assertEquals("api-test", tagged.get(0).path("tags").path("nubis:experiment").asText());

        List<JsonNode> stopping = api.post("/v1/instances/stop", Map.of("ids", List.of(headId))).instances();
        assertTrue(Set.of("stopping", "stopped").contains(stopping.get(0).path("state").asText()));
        api.awaitState(headId, "stopped");
        List<JsonNode> started = api.post("/v1/instances/start", Map.of("ids", List.of(headId))).instances();
        assertTrue(Set.of("pending", "running").contains(started.get(0).path("state").asText()));
        api.awaitState(headId, "running");

        List<JsonNode> terminated = api.post("/v1/instances/terminate",
                Map.of("ids", List.of(first, "lc-00000000"))).instances();
        assertEquals(1, terminated.size());
        assertEquals("terminated", terminated.get(0).path("state").asText());
        assertNotNull(terminated.get(0).path("stateReason").asText(null));
        // Terminated instances stay visible for the retention period.
        assertEquals("terminated", api.instance(first).path("state").asText());
        ApiClient.Response conflict = api.post("/v1/instances/start", Map.of("ids", List.of(first)));
        assertEquals(409, conflict.status());
        assertEquals("conflict", conflict.json().path("error").asText());

        List<String> rest = api.get("/v1/instances?tag:nubis:experiment=api-test&state=running").instances()
                .stream().map(i -> i.path("id").asText()).toList();
        assertEquals(3, rest.size());
        api.post("/v1/instances/terminate", Map.of("ids", rest));
        assertEquals(0, api.get("/v1/instances?tag:nubis:experiment=api-test&state=running").instances().size());
    }

    @Test
    void capacityIsLimitedByMaxInstances() {
        ApiClient.Response response = api.post("/v1/instances", Map.of("count", 30));
        // 30 alone would fit into maxInstances=40 only if fewer than 11 others are active; make sure it cannot.
        if (response.status() == 201) {
            List<String> ids = response.instances().stream().map(i -> i.path("id").asText()).toList();
            ApiClient.Response more = api.post("/v1/instances", Map.of("count", 11));
            assertEquals(503, more.status(), more.body());
            assertEquals("capacity", more.json().path("error").asText());
            assertTrue(more.json().path("detail").asText().contains("maxInstances (40)"));
            api.post("/v1/instances/terminate", Map.of("ids", ids));
        } else {
            assertEquals("capacity", response.json().path("error").asText());
        }
    }

    @Test
    void knobsCanBeReadAndChanged() {
        JsonNode knobs = api.get("/v1/knobs").json();
        assertEquals(0, knobs.path("bootDelayMs").asLong());
        assertEquals(0.0, knobs.path("failureRate").asDouble());
        assertEquals(0.0, knobs.path("neverReachableRate").asDouble());
        ApiClient.Response bad = api.put("/v1/knobs", Map.of("failureRate", 2));
        assertEquals(400, bad.status());
        assertTrue(bad.json().path("detail").asText().contains("failureRate"));
        assertEquals(400, api.put("/v1/knobs", Map.of("speed", 2)).status());
        JsonNode changed = api.put("/v1/knobs", Map.of("neverReachableRate", 0.25)).json();
        assertEquals(0.25, changed.path("neverReachableRate").asDouble());
        assertEquals(0, changed.path("bootDelayMs").asLong());
        assertEquals(0.0, api.put("/v1/knobs", Map.of("neverReachableRate", 0)).json().path("neverReachableRate").asDouble());
    }

    @Test
    void unknownEndpointsAndMethods() {
        assertEquals(404, api.get("/v2/instances").status());
        assertEquals(404, api.get("/v1/volumes").status());
        assertEquals(405, api.send("DELETE", "/v1/knobs", null, test.cloud.token()).status());
        assertEquals(400, api.post("/v1/instances/terminate", Map.of()).status());
    }

    private static Set<String> ids(List<JsonNode> instances) {
        return instances.stream().map(i -> i.path("id").asText()).collect(Collectors.toSet());
    }
}
