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
import java.util.Map;
import org.junit.Test;

/**
 * kill -9 of the Nubis JVM at the moments that matter, then a restart: running instances are found
 * again and usable (the H2 file survives too); a provision cut short before the cloud had its
 * request leaves no pending record; a start and a resize cut short are rolled back, a setup cut
 * short is marked failed and can be run again; every time,
 * the cloud's own listing ends equal to Nubis's records.
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
            System.out.println("crashes: kill -9 with " + before.size() + " running instances: " + after.size()
                    + " found again in the H2 file, all usable; 0 left after destroy");

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
            awaitInstances(cloud, "big", 10);
            assertEquals("the cloud was asked for every node before the crash", 10, bigInstances(cloud));
            nubis.crash();
            starting.destroyForcibly();
            cloud.put("/v1/knobs", java.util.Map.of("bootDelayMs", 0));

            nubis.start();
            // Start-up reconcile rolls the start back; an explicit one then finds nothing left to do.
            JsonNode shown = shownOnceNot(nubis, "big", "starting");
            assertEquals("failed", shown.path("cluster").path("state").asText());
            String reason = shown.path("cluster").path("stateReason").asText();
            assertTrue(reason, reason.contains("interrupted"));
            assertEquals(0, bigInstances(cloud));
            String report = nubis.shellOk("cloud:reconcile").output();
            assertTrue(report, report.contains("Records and clouds agree."));
            System.out.println("crashes: kill -9 during a cluster start of 10 booting nodes: " + shown.path("cluster").path("state").asText()
                    + ", " + bigInstances(cloud) + " left on the cloud, reconcile agrees");
            nubis.shellOk("cluster:stop big");
            nubis.shellOk("cluster:delete big");
        }
    }

    /**
     * kill -9 after the records are written and before the cloud has the request: the local cloud
     * (whose EC2 face the cloud is) is stopped with SIGSTOP while Nubis provisions on it, so the
     * request waits unread in its socket; Nubis and then the stopped cloud are killed, and the
     * request is never read. After a restart, reconcile finds the 30 records of a launch that
     * ended with the process that made it, forgets them, and says so: none is left pending.
     */
    @Test
    public void aProvisionCutShortBeforeTheCloudHadItIsRolledBack() throws Exception {
        try (Distribution nubis = Distribution.unpack(Path.of("target/crash-provision"))) {
            nubis.start();
            nubis.startLocalCloud();
            LocalCloudApi cloud = new LocalCloudApi(nubis.home().resolve("data/localcloud"));
            nubis.shellOk("feature:install nubis-provider-ec2");
            Rest rest = new Rest(String.valueOf(nubis.httpPort()));
            String admin = Rest.basic("admin:" + nubis.adminPassword());
            defineEc2(rest, admin, cloud);
            nubis.shellOk("exp:create phantom");
            long cloudPid = cloud.get("/v1/info").path("pid").asLong();

            signal("STOP", cloudPid);
            Process provisioning = nubis.shellInBackground("exp:provision -e phantom --cloud ec2lab --count 30");
            // the records are written before the cloud is asked (and asking it now hangs): wait for them
            long deadline = System.nanoTime() + 60_000_000_000L;
            int recorded = 0;
            while (recorded < 30 && System.nanoTime() < deadline) {
                Rest.Answer listed = rest.call(admin, "GET", "/experiments/phantom/instances", null);
                recorded = listed.status() == 200 ? listed.body().path("total").asInt() : 0;
                Thread.sleep(200);
            }
            assertEquals("records written before the cloud is asked", 30, recorded);
            nubis.crash();
            provisioning.destroyForcibly();
            signal("KILL", cloudPid); // the request dies unread with it
            for (int i = 0; i < 100 && ProcessHandle.of(cloudPid).map(ProcessHandle::isAlive).orElse(false); i++) {
                Thread.sleep(100);
            }

            nubis.startLocalCloud();
            nubis.start();
            rest = new Rest(String.valueOf(nubis.httpPort()));
            defineEc2(rest, admin, cloud); // the restarted cloud's EC2 face has a port of its own
            // the start-up reconcile (when the restarted cloud answers at once) or this one says so
            String report = nubis.shellOk("cloud:reconcile").output();
            String log = java.nio.file.Files.readString(nubis.home().resolve("data/log/karaf.log"));
            assertTrue(report, report.contains("phantom-30 (never created)") || log.contains("phantom-30 (never created)"));
            assertEquals("no record is left pending", 0,
                    rest.call(admin, "GET", "/experiments/phantom/instances", null).body().path("total").asInt());
            assertEquals(0, cloud.live().size());
            String again = nubis.shellOk("cloud:reconcile").output();
            assertTrue(again, again.contains("Records and clouds agree."));
            System.out.println("crashes: kill -9 before the cloud had a provision of " + recorded + " records: 0 pending, "
                    + cloud.live().size() + " on the cloud, reconcile agrees");
            nubis.shellOk("exp:destroy phantom");
        }
    }

    /** kill -9 while a resize waits for its new nodes: after a restart the growth is rolled back, records equal the cloud. */
    @Test
    public void aResizeCutShortByACrashIsRolledBack() throws Exception {
        try (Distribution nubis = Distribution.unpack(Path.of("target/crash-resize"))) {
            nubis.start();
            nubis.shellOk("cluster:create --template demo --set compute.count=1 grow");
            nubis.shellOk("cluster:start grow");
            LocalCloudApi cloud = new LocalCloudApi(nubis.home().resolve("data/localcloud"));
            assertEquals(2, instancesOf(cloud, "grow"));
            cloud.put("/v1/knobs", java.util.Map.of("bootDelayMs", 20_000));

            Process resizing = nubis.shellInBackground("cluster:resize grow +4 compute");
            awaitInstances(cloud, "grow", 6);
            assertEquals("the cloud was asked for the new nodes before the crash", 6, instancesOf(cloud, "grow"));
            nubis.crash();
            resizing.destroyForcibly();
            cloud.put("/v1/knobs", java.util.Map.of("bootDelayMs", 0));

            nubis.start();
            JsonNode shown = shownOnceNot(nubis, "grow", "resizing");
            assertEquals(shown.toString(), "running", shown.path("cluster").path("state").asText());
            assertEquals("the growth is rolled back: the cloud has the two nodes it had", 2, instancesOf(cloud, "grow"));
            String report = nubis.shellOk("cloud:reconcile").output();
            assertTrue(report, report.contains("Records and clouds agree."));
            String ran = nubis.shellOk("cluster:show grow").output();
            assertTrue(ran, !ran.contains("pending"));
            System.out.println("crashes: kill -9 during a resize +4: rolled back to " + instancesOf(cloud, "grow")
                    + " nodes, 0 pending, reconcile agrees");
            nubis.shellOk("cluster:stop grow");
            nubis.shellOk("cluster:delete grow");
        }
    }

    /**
     * kill -9 while the nodes run their setup scripts: after a restart the setup is marked failed with
     * the reason, the nodes are still there and running (records equal the cloud), and running the
     * setup again finishes it.
     */
    @Test
    public void aSetupCutShortByACrashIsMarkedFailedAndCanBeRunAgain() throws Exception {
        try (Distribution nubis = Distribution.unpack(Path.of("target/crash-setup"))) {
            // A template whose setup script takes a minute the first time a node runs it, and no time after.
            Path templates = nubis.home().resolve("etc/nubis/clusters");
            java.nio.file.Files.writeString(templates.resolve("scripts/slow-once.sh"),
                    "#!/bin/sh\nif [ ! -f ran-once ]; then touch ran-once; sleep 60; fi\necho configured > configured\n");
            java.nio.file.Files.writeString(templates.resolve("slow.yaml"), String.join("\n",
                    "cloud: local", "startTimeout: 120", "setupTimeout: 300", "setup:", "  provider: script",
                    "kinds:", "  node:", "    count: 2", "    flavor: small", "    setup:",
                    "      scripts: [scripts/slow-once.sh]", ""));
            nubis.start();
            nubis.shellOk("cluster:create --template slow patient");
            LocalCloudApi cloud = new LocalCloudApi(nubis.home().resolve("data/localcloud"));

            Process starting = nubis.shellInBackground("cluster:start patient");
            awaitState(nubis, "patient", "setting-up");
            awaitInstances(cloud, "patient", 2);
            Thread.sleep(2_000); // the scripts are running on the nodes
            nubis.crash();
            starting.destroyForcibly();

            nubis.start();
            JsonNode shown = shownOnceNot(nubis, "patient", "setting-up");
            assertEquals(shown.toString(), "running", shown.path("cluster").path("state").asText());
            assertEquals(shown.toString(), "failed", shown.path("cluster").path("setup").asText());
            String why = shown.path("cluster").path("setupMessage").asText();
            assertTrue(why, why.contains("setting-up was interrupted"));
            assertEquals("the nodes were kept", 2, instancesOf(cloud, "patient"));
            String report = nubis.shellOk("cloud:reconcile").output();
            assertTrue(report, report.contains("Records and clouds agree."));

            nubis.shellOk("cluster:setup patient");
            shown = JSON.readTree(nubis.shellOk("cluster:show --json patient").output());
            assertEquals(shown.toString(), "done", shown.path("cluster").path("setup").asText());
            System.out.println("crashes: kill -9 during setup: marked failed, " + instancesOf(cloud, "patient")
                    + " nodes kept, reconcile agrees, setup run again: done");
            nubis.shellOk("cluster:stop patient");
            assertEquals(0, instancesOf(cloud, "patient"));
            nubis.shellOk("cluster:delete patient");
        }
    }

    /** Waits up to a minute for cluster:show to report the cluster in that state. */
    private static void awaitState(Distribution nubis, String cluster, String state) throws Exception {
        for (int i = 0; i < 120; i++) {
            JsonNode shown = JSON.readTree(nubis.shellOk("cluster:show --json " + cluster).output());
            if (state.equals(shown.path("cluster").path("state").asText())) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster " + cluster + " never became " + state);
    }

    /** Waits up to a minute for the cloud to have that many live instances of the cluster. */
    private static void awaitInstances(LocalCloudApi cloud, String cluster, int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (instancesOf(cloud, cluster) < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** cluster:show --json once the cluster has left the state (start-up reconcile ends it), or after a minute. */
    private static JsonNode shownOnceNot(Distribution nubis, String cluster, String state) throws Exception {
        JsonNode shown = null;
        for (int i = 0; i < 120; i++) {
            shown = JSON.readTree(nubis.shellOk("cluster:show --json " + cluster).output());
            if (!state.equals(shown.path("cluster").path("state").asText())) {
                break;
            }
            Thread.sleep(500);
        }
        return shown;
    }

    private static long instancesOf(LocalCloudApi cloud, String cluster) throws Exception {
        return cloud.live().stream().filter(i -> cluster.equals(i.path("tags").path("nubis:cluster").asText())).count();
    }

    /** A cloud of type ec2 on the local cloud's EC2 face, as it runs now. */
    private static void defineEc2(Rest rest, String admin, LocalCloudApi cloud) throws Exception {
        int port = JSON.readTree(cloud.home().resolve("localcloud.json").toFile()).path("ec2Port").asInt();
        Map<String, Object> body = Map.of("type", "ec2", "settings", Map.of("region", "us-east-1", "endpoint",
                "http://127.0.0.1:" + port, "image", "ami-sandbox", "instanceType", "small", "sshUser", "root"),
                "credentials", cloud.ec2Credentials());
        Rest.Answer defined = rest.call(admin, "PUT", "/clouds/ec2lab", JSON.writeValueAsString(body));
        assertTrue(defined.text(), defined.status() == 200 || defined.status() == 201);
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
        assertEquals("kill -" + name + " " + pid, 0, kill.waitFor());
    }

    /** Live instances of cluster big, as the cloud itself reports them. */
    private static long bigInstances(LocalCloudApi cloud) throws Exception {
        return instancesOf(cloud, "big");
    }

    private static List<String> ids(JsonNode instances) {
        List<String> ids = new ArrayList<>();
        instances.forEach(i -> ids.add(i.path("id").asText() + "/" + i.path("cloudId").asText()));
        return ids;
    }
}
