package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many sandboxes from one launch, all reachable over SSH. 100 by default to keep the suite short;
 * {@code -Dlocalcloud.scale=500} for the full scale target. Prints the time taken; asserts no timing.
 */
class ScaleTest {

    @TempDir
    Path home;

    @Test
    void manySandboxesFromOneLaunchAllAnswerOverSsh() throws Exception {
        int count = Integer.getInteger("localcloud.scale", 100);
        TestKeys keys = TestKeys.generate();
        try (TestCloud test = TestCloud.start(home); MinaSsh ssh = new MinaSsh()) {
            long start = System.nanoTime();
            List<JsonNode> launched = test.api.launch(TestCloud.launchBody(count, keys, Map.of("test", "scale")));
            long launchAnswered = System.nanoTime();
            assertEquals(count, launched.size());
            List<JsonNode> running = test.api.get("/v1/instances?tag:test=scale&state=running").instances();
            while (running.size() < count) {
                ApiClient.pause();
                running = test.api.get("/v1/instances?tag:test=scale&state=running").instances();
            }
            long allRunning = System.nanoTime();
            for (JsonNode instance : running) {
                assertEquals(0, ssh.exec(instance.path("sshPort").asInt(), keys, "true").exitStatus());
            }
            long allAnswered = System.nanoTime();
            System.out.printf("scale: %d sandboxes from one launch: answered in %d ms, all running (listening) after "
                    + "%d ms, all answered an SSH exec (one after another, new connection each) after %d ms; "
                    + "%d JVM threads%n", count, millis(start, launchAnswered), millis(start, allRunning),
                    millis(start, allAnswered), Thread.activeCount());
            List<String> ids = launched.stream().map(i -> i.path("id").asText()).toList();
            long terminateStart = System.nanoTime();
            test.api.post("/v1/instances/terminate", Map.of("ids", ids));
            System.out.printf("scale: terminating %d sandboxes took %d ms%n", count,
                    millis(terminateStart, System.nanoTime()));
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
