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
                try (Socket s = new Socket(i.path("publicHost").asText(), i.path("sshPort").asInt())) {
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

    @Test
    public void aStartCutShortByACrashIsRolledBackWithNothingLeftBehind() throws Exception {
        try (Distribution nubis = Distribution.unpack(Path.of("target/crash-cluster"))) {
            nubis.start();
            nubis.shellOk("cluster:create --template demo --set compute.count=9 big");
            LocalCloudApi cloud = new LocalCloudApi(nubis.home().resolve("data/localcloud"));
            nubis.startLocalCloud(); // so that it can be slowed down
            cloud.put("/v1/knobs", java.util.Map.of("bootDelayMs", 20_000));

            // The start runs in its own client, and Nubis dies while the 10 nodes boot.
            Process starting = nubis.shellInBackground("cluster:start big");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (bigInstances(cloud) < 10 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("the cloud was asked for every node before the crash", 10, bigInstances(cloud));
            nubis.crash();
            starting.destroyForcibly();
            cloud.put("/v1/knobs", java.util.Map.of("bootDelayMs", 0));

            nubis.start();
            // Start-up reconcile rolls the start back; an explicit one then finds nothing left to do.
            JsonNode shown = null;
            for (int i = 0; i < 120; i++) {
                shown = JSON.readTree(nubis.shellOk("cluster:show --json big").output());
                if (!"starting".equals(shown.path("cluster").path("state").asText())) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals("failed", shown.path("cluster").path("state").asText());
            String reason = shown.path("cluster").path("stateReason").asText();
            assertTrue(reason, reason.contains("interrupted"));
            assertEquals(0, bigInstances(cloud));
            String report = nubis.shellOk("cloud:reconcile").output();
            assertTrue(report, report.contains("Records and clouds agree."));
            nubis.shellOk("cluster:stop big");
            nubis.shellOk("cluster:delete big");
        }
    }

    /** Live instances of cluster big, as the cloud itself reports them. */
    private static long bigInstances(LocalCloudApi cloud) throws Exception {
        return cloud.live().stream().filter(i -> "big".equals(i.path("tags").path("nubis:cluster").asText())).count();
    }

    private static List<String> ids(JsonNode instances) {
        List<String> ids = new ArrayList<>();
        instances.forEach(i -> ids.add(i.path("id").asText() + "/" + i.path("cloudId").asText()));
        return ids;
    }
}
