package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boot failures, never-reachable instances, boot delays and cut SSH connections: by launch tag and by knob. */
class FaultInjectionTest {

    @TempDir
    static Path home;
    static TestCloud test;
    static final TestKeys keys = TestKeys.generate();

    @BeforeAll
    static void start() throws Exception {
        test = TestCloud.start(home);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    @AfterEach
    void resetKnobs() {
        test.api.put("/v1/knobs", Map.of("bootDelayMs", 0, "failureRate", 0, "neverReachableRate", 0, "sshCutAfterMs", 0));
    }

    @Test
    void bootFailureByTag() {
        List<JsonNode> launched = test.api.launch(TestCloud.launchBody(2, keys, Map.of("localcloud:fault", "boot-failure")));
        for (JsonNode instance : launched) {
            assertEquals("pending", instance.path("state").asText());
            assertBootFailed(instance.path("id").asText());
        }
    }

    @Test
    void bootFailureByKnob() {
        test.api.put("/v1/knobs", Map.of("failureRate", 1.0));
        String id = test.api.launch(TestCloud.launchBody(1, keys, Map.of())).get(0).path("id").asText();
        assertBootFailed(id);
    }

    @Test
    void neverReachableByTag() {
        String id = test.api.launch(TestCloud.launchBody(1, keys, Map.of("localcloud:fault", "never-reachable")))
                .get(0).path("id").asText();
        assertNeverReachable(id);
    }

    @Test
    void neverReachableByKnob() {
        test.api.put("/v1/knobs", Map.of("neverReachableRate", 1.0));
        String id = test.api.launch(TestCloud.launchBody(1, keys, Map.of())).get(0).path("id").asText();
        assertNeverReachable(id);
    }

    @Test
    void bootDelayKeepsInstancesPending() {
        test.api.put("/v1/knobs", Map.of("bootDelayMs", 600_000));
        String id = test.api.launch(TestCloud.launchBody(1, keys, Map.of())).get(0).path("id").asText();
        assertEquals("pending", test.api.instance(id).path("state").asText());
        assertEquals(0, test.api.instance(id).path("sshPort").asInt());
        test.api.post("/v1/instances/terminate", Map.of("ids", List.of(id)));
        assertEquals("terminated", test.api.instance(id).path("state").asText());
    }

    @Test
    void sshConnectionsAreCutMidCommandByKnob() throws Exception {
        String id = test.api.launch(TestCloud.launchBody(1, keys, Map.of())).get(0).path("id").asText();
        int port = test.api.awaitState(id, "running").path("sshPort").asInt();
        try (MinaSsh ssh = new MinaSsh()) {
            test.api.put("/v1/knobs", Map.of("sshCutAfterMs", 300));
            MinaSsh.Result cut = ssh.exec(port, keys, "echo started; sleep 5; echo finished");
            assertEquals(-1, cut.exitStatus(), "no exit status: the connection was cut");
            assertFalse(cut.stdout().contains("finished"), cut.stdout());
            test.api.put("/v1/knobs", Map.of("sshCutAfterMs", 0));
            MinaSsh.Result whole = ssh.exec(port, keys, "echo back");
            assertEquals(0, whole.exitStatus());
            assertEquals("back\n", whole.stdout());
        } finally {
            test.api.post("/v1/instances/terminate", Map.of("ids", List.of(id)));
        }
    }

    private static void assertBootFailed(String id) {
        JsonNode failed = test.api.awaitState(id, "terminated");
        assertTrue(failed.path("stateReason").asText().startsWith("Server.InternalError:"), failed.toString());
    }

    private static void assertNeverReachable(String id) {
        JsonNode running = test.api.awaitState(id, "running");
        int port = running.path("sshPort").asInt();
        assertTrue(port > 0);
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            }
        });
        test.api.post("/v1/instances/terminate", Map.of("ids", List.of(id)));
    }

}
