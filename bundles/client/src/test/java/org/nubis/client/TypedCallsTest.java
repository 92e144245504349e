package org.nubis.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.auth.NewApiKey;
import org.nubis.api.auth.Role;
import org.nubis.api.cloud.CloudDetails;
import org.nubis.api.experiment.ExperimentDetails;
import org.nubis.api.experiment.ProvisionRequest;

/** What the typed methods send and how they read the answers. */
class TypedCallsTest {

    private ScriptedServer server;
    private NubisClient client;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
        client = NubisClient.builder().baseUri(server.base().toString() + "/").basic("admin", "pw").build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void createKeySendsTheRoleAsALabelAndReturnsTheSecretOnce() {
        server.on("POST", "/auth/keys", (ex, req) -> ScriptedServer.json(ex, 201, "{\"key\":{\"accessKey\":\"NBK9\","
                + "\"user\":\"admin\",\"role\":\"operator\",\"description\":\"load\",\"createdAt\":"
                + "\"2026-11-22T10:00:00Z\"},\"secret\":\"TOPSECRET\"}"));
        NewApiKey k = client.createKey(Role.OPERATOR, "load");
        assertEquals("NBK9", k.key().accessKey());
        assertEquals(Role.OPERATOR, k.key().role());
        assertEquals("TOPSECRET", k.secret());
        assertFalse(k.toString().contains("TOPSECRET"));
        assertEquals("{\"description\":\"load\",\"role\":\"operator\"}",
                server.seen("POST", "/auth/keys").get(0).bodyText());
    }

    @Test
    void putFileSendsRawBytesWithPathAndTagsInTheQuery(@TempDir Path dir) throws Exception {
        server.on("PUT", "/experiments/demo/files", (ex, req) -> ScriptedServer.json(ex, 202,
                InstanceJson.operation("op-1", "put", "running", null, null)));
        client.putFile("demo", "hello".getBytes(StandardCharsets.UTF_8), "/tmp/in put.txt", "worker");
        Path local = Files.writeString(dir.resolve("local.txt"), "from a file");
        client.putFile("demo", local, "in.txt");
        List<ScriptedServer.Seen> puts = server.seen("PUT", "/experiments/demo/files");
        assertEquals("path=%2Ftmp%2Fin%20put.txt&tag=worker", puts.get(0).query());
        assertEquals("application/octet-stream", puts.get(0).header("Content-Type"));
        assertEquals("hello", puts.get(0).bodyText());
        assertEquals("from a file", puts.get(1).bodyText());
        assertThrows(IllegalArgumentException.class, () -> client.putFile("demo", dir.resolve("missing"), "x"));
    }

    @Test
    void downloadFetchedWritesTheFile(@TempDir Path dir) throws Exception {
        byte[] content = {0, 1, 2, (byte) 255};
        server.on("GET", "/operations/op-1/files/demo-1", (ex, req) -> {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, content.length);
            ex.getResponseBody().write(content);
        });
        Path target = client.downloadFetched("op-1", "demo-1", dir.resolve("out/result.bin"));
        assertArrayEquals(content, Files.readAllBytes(target));
        NubisApiException e = assertThrows(NubisApiException.class,
                () -> client.downloadFetched("op-1", "demo-2", dir.resolve("out/other.bin")));
        assertEquals(404, e.status());
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("result.bin"), files.map(p -> p.getFileName().toString()).toList(),
                    "a failed download leaves nothing behind");
        }
    }

    @Test
    void defineCloudKeepsNullCredentialsToRemoveThem() {
        server.on("PUT", "/clouds/ec2-eu", (ex, req) -> ScriptedServer.json(ex, 201, "{\"name\":\"ec2-eu\","
                + "\"type\":\"ec2\",\"available\":false,\"status\":\"provider not deployed\",\"settings\":"
                + "{\"region\":\"eu-west-1\"},\"credentials\":[\"accessKey\"]}"));
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("accessKey", "AKIA");
        credentials.put("sessionToken", null);
        CloudDetails cloud = client.defineCloud("ec2-eu", "ec2", Map.of("region", "eu-west-1"), credentials);
        assertEquals("eu-west-1", cloud.settings().get("region"));
        assertTrue(cloud.credentials().contains("accessKey"));
        assertEquals("{\"type\":\"ec2\",\"settings\":{\"region\":\"eu-west-1\"},\"credentials\":"
                + "{\"accessKey\":\"AKIA\",\"sessionToken\":null}}", server.seen("PUT", "/clouds/ec2-eu").get(0).bodyText());
    }

    @Test
    void experimentDetailsAndProvisionRequest() {
        server.on("GET", "/experiments/demo", (ex, req) -> ScriptedServer.json(ex, 200, "{\"name\":\"demo\","
                + "\"createdAt\":\"2026-11-22T10:00:00Z\",\"instances\":[" + InstanceJson.ONE + "]}"));
        server.on("POST", "/experiments/demo/provision", (ex, req) -> ScriptedServer.json(ex, 202,
                InstanceJson.operation("op-2", "provision", "running", null, null)));
        ExperimentDetails d = client.experiment("demo");
        assertEquals("demo-1", d.instances().get(0).id());
        client.provision("demo", new ProvisionRequest("local", "img", null, 0, null, "#!/bin/sh\necho hi"));
        assertEquals("{\"cloud\":\"local\",\"image\":\"img\",\"userData\":\"#!/bin/sh\\necho hi\"}",
                server.seen("POST", "/experiments/demo/provision").get(0).bodyText());
    }

    @Test
    void clusterInventoryAndRemoveCloud() {
        server.on("GET", "/clusters/hpc/inventory", (ex, req) -> {
            byte[] text = "[compute]\n10.0.0.2\n".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, text.length);
            ex.getResponseBody().write(text);
        });
        server.on("DELETE", "/clouds/old", (ex, req) -> ex.sendResponseHeaders(204, -1));
        assertEquals("[compute]\n10.0.0.2\n", client.inventory("hpc"));
        client.removeCloud("old");
        assertEquals(1, server.count("DELETE", "/clouds/old"));
    }

    @Test
    void aClosedClientRefusesCalls() {
        client.close();
        assertThrows(IllegalStateException.class, client::experiments);
    }
}
