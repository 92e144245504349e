package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Instances outlive a crash of Nubis, as cloud instances do: kill -9 the Nubis JVM while an
 * experiment has running instances, start Nubis again, and find every instance, still usable.
 */
public class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    public void instancesAreFoundAgainAfterNubisIsKilled() throws Exception {
        try (Distribution nubis = Distribution.unpack(Path.of("target/crash-recovery"))) {
            nubis.start();
            nubis.shellOk("exp:create crash");
            nubis.shellOk("exp:provision -e crash --count 3 -t survivor");
            nubis.shellOk("exp:wait -e crash --timeout 120");
            JsonNode before = JSON.readTree(nubis.shellOk("exp:list -e crash --json").output());
            assertEquals(3, before.size());
            LocalCloudApi cloud = new LocalCloudApi(nubis.home().resolve("data/localcloud"));
            long cloudPid = cloud.get("/v1/info").path("pid").asLong();

            nubis.crash();

            // The instances did not notice: they still answer on their SSH ports.
            for (JsonNode i : before) {
                try (Socket s = new Socket(i.path("host").asText(), i.path("sshPort").asInt())) {
                    assertTrue(s.isConnected());
                }
            }
            assertNotEquals("Nubis is down, so its commands must fail", 0, nubis.shell("exp:experiments").exitCode());

            nubis.start();
            JsonNode after = JSON.readTree(nubis.shellOk("exp:list -e crash --json").output());
            assertEquals(ids(before), ids(after));
            for (JsonNode i : after) {
                assertEquals("running", i.path("state").asText());
            }
            String ran = nubis.shellOk("exp:run -e crash -t survivor 'echo still-here'").output();
            assertTrue(ran, ran.contains("3 of 3 instance(s) succeeded"));
            assertEquals("the same local cloud process was found again", cloudPid,
                    cloud.get("/v1/info").path("pid").asLong());

            nubis.shellOk("exp:destroy crash");
            assertEquals(0, cloud.live().size());

            // Bad input through the scripting path: one line, exit status 1.
            Distribution.Shell bad = nubis.shell("exp:provision -e nosuch");
            assertEquals(1, bad.exitCode());
            assertTrue(bad.output(), bad.output().contains("no experiment named 'nosuch'"));
            assertEquals(bad.output(), 1, bad.output().strip().split("\n").length);
        }
    }

    private static List<String> ids(JsonNode instances) {
        List<String> ids = new ArrayList<>();
        instances.forEach(i -> ids.add(i.path("id").asText() + "/" + i.path("cloudId").asText()));
        return ids;
    }
}
