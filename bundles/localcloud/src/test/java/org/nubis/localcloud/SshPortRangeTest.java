package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With sshPorts=FIRST-LAST in localcloud.properties, sandboxes listen on ports from that range. */
class SshPortRangeTest {

    @TempDir
    Path home;

    @Test
    void sandboxesUseTheConfiguredRange() throws Exception {
        int first = freeRange(4);
        TestKeys keys = TestKeys.generate();
        try (TestCloud test = TestCloud.start(home, "sshPorts=" + first + "-" + (first + 3)); MinaSsh ssh = new MinaSsh()) {
            List<JsonNode> launched = test.api.launch(TestCloud.launchBody(3, keys, Map.of()));
            for (JsonNode instance : launched) {
                int port = test.api.awaitState(instance.path("id").asText(), "running").path("sshPort").asInt();
                assertTrue(port >= first && port <= first + 3, "port " + port);
                assertEquals(0, ssh.exec(port, keys, "true").exitStatus());
            }
        }
    }

    /** The first port of a run of free ports above the usual ephemeral range's start. */
    private static int freeRange(int length) {
        for (int tries = 0; tries < 50; tries++) {
            int first = ThreadLocalRandom.current().nextInt(20000, 30000);
            boolean free = true;
            for (int port = first; port < first + length && free; port++) {
                free = isFree(port);
            }
            if (free) {
                return first;
            }
        }
        throw new AssertionError("no free run of " + length + " ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
