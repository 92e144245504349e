package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One local cloud per home, shutdown by API, idle exit. */
class LocalCloudLifecycleTest {

    @TempDir
    Path home;

    @Test
    void aSecondCloudOnTheSameHomeIsRefusedNamingTheFirst() throws Exception {
        try (TestCloud first = TestCloud.start(home)) {
            IOException refused = assertThrows(IOException.class, () -> LocalCloud.start(home, 0));
            assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());
            assertEquals(200, first.api.get("/v1/info").status());
        }
        // Free again once the first has shut down.
        LocalCloud.start(home, 0).close();
    }

    @Test
    void shutdownByApi() throws Exception {
        TestCloud test = TestCloud.start(home);
        assertTrue(Files.exists(test.cloud.home().resolve("localcloud.json")));
        ApiClient.Response response = test.api.post("/v1/shutdown", null);
        assertEquals(202, response.status());
        assertTrue(test.cloud.awaitShutdown(Duration.ofSeconds(30)));
        assertFalse(Files.exists(test.cloud.home().resolve("localcloud.json")));
    }

    @Test
    void exitsWhenIdle() throws Exception {
        // 0.005 minutes = 0.3 s without instances and requests.
        TestCloud test = TestCloud.start(home, "idleExitMinutes=0.005");
        try {
            assertTrue(test.cloud.awaitShutdown(Duration.ofSeconds(60)), "did not exit when idle");
        } finally {
            test.close();
        }
    }
}
