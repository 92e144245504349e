package org.nubis.provider.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;

/**
 * The provider against the real local cloud, started on demand through its real launcher script
 * (the jar comes from LOCALCLOUD_JAR, set by the build).
 */
class LocalCloudConnectionTest {

    private static final String KEY = GeneratedKey.unchecked();

    @TempDir
    Path home;

    private CloudConnection connect() {
        return new LocalCloudProvider().connect(new CloudSettings("local", "local", Map.of(
                "home", home.toString(),
                "launcher", System.getProperty("nubis.localcloud.launcher"),
                "startTimeoutSeconds", "30")));
    }

    @AfterEach
    void stopTheCloud() throws Exception {
        Process p = new ProcessBuilder(System.getProperty("nubis.localcloud.launcher"), "stop", "--home", home.toString())
                .inheritIO().start();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void startsTheCloudOnDemandAndDrivesAnInstanceThroughItsLife() throws Exception {
        CloudConnection cloud = connect();
        CloudCatalog catalog = cloud.catalog();
        assertTrue(catalog.images().contains(catalog.defaultImage()));
        assertTrue(catalog.maxLaunchCount() >= 500);

        List<CloudInstance> launched = cloud.launch(new LaunchSpec(catalog.defaultImage(), catalog.defaultFlavor(), 2,
                Map.of("nubis:experiment", "t1", "role", "db"), List.of(KEY), "#!/bin/sh\necho booted-by-user-data\n"));
        assertEquals(2, launched.size());
        launched.forEach(i -> assertEquals("db", i.tags().get("role")));
        String id = launched.get(0).cloudId();

        CloudInstance running = awaitState(cloud, id, InstanceState.RUNNING);
        assertTrue(running.sshPort() > 0);
        assertEquals("127.0.0.1", running.publicHost());
        assertEquals(2, cloud.describe(Map.of("nubis:experiment", "t1")).size());
        assertEquals(0, cloud.describe(Map.of("nubis:experiment", "other")).size());
        cloud.tag(id, Map.of("nubis:node", "t1-1"));
        assertEquals("t1-1", cloud.describeIds(List.of(id)).get(0).tags().get("nubis:node"));
        assertEquals("db", cloud.describeIds(List.of(id)).get(0).tags().get("role"), "tagging keeps the other tags");
        awaitConsole(cloud, id, "booted-by-user-data");

        cloud.stop(List.of(id));
        awaitState(cloud, id, InstanceState.STOPPED);
        cloud.start(List.of(id));
        awaitState(cloud, id, InstanceState.RUNNING);

        cloud.terminate(launched.stream().map(CloudInstance::cloudId).toList());
        assertEquals(InstanceState.TERMINATED, cloud.describeIds(List.of(id)).get(0).state());
    }

    @Test
    void findsTheRunningCloudAgainAndRestartsItWhenItIsGone() throws Exception {
        CloudConnection cloud = connect();
        String id = cloud.launch(new LaunchSpec(null, null, 1, Map.of(), List.of(KEY), null)).get(0).cloudId();
        long pid = LocalCloudEndpoint.read(home).orElseThrow().pid();

        // A new connection, as after a Nubis restart, finds the same process and instance.
        CloudConnection again = connect();
        assertEquals(1, again.describeIds(List.of(id)).size());
        assertEquals(pid, LocalCloudEndpoint.read(home).orElseThrow().pid());

        // The process stops (crash, idle exit): the next request starts it, and the instance is back.
        stopTheCloud();
        assertEquals(1, again.describeIds(List.of(id)).size());
        assertNotEquals(pid, LocalCloudEndpoint.read(home).orElseThrow().pid());
        cloud.terminate(List.of(id));
    }

    @Test
    void describingAnEmptyCloudDoesNotStartIt() throws Exception {
        CloudConnection cloud = connect();
        assertEquals(List.of(), cloud.describe(Map.of("nubis:owner", "x")));
        assertEquals(List.of(), cloud.describeIds(List.of("lc-00000000")));
        assertTrue(LocalCloudEndpoint.read(home).isEmpty(), "no process started to hear that there is nothing");

        // Once it has kept an instance, a stopped cloud is started to describe it.
        String id = cloud.launch(new LaunchSpec(null, null, 1, Map.of(), List.of(KEY), null)).get(0).cloudId();
        stopTheCloud();
        assertEquals(1, connect().describe(Map.of()).size());
        assertTrue(LocalCloudEndpoint.read(home).isPresent());
        cloud.terminate(List.of(id));
    }

    @Test
    void refusalsBecomeClearErrors() {
        CloudConnection cloud = connect();
        InvalidRequestException image = assertThrows(InvalidRequestException.class,
                () -> cloud.launch(new LaunchSpec("no-such-image", null, 1, Map.of(), List.of(KEY), null)));
        assertTrue(image.getMessage().contains("no-such-image"), image.getMessage());
        assertThrows(InvalidRequestException.class, () -> cloud.launch(new LaunchSpec(null, null, 0, Map.of(), List.of(KEY), null)));
        assertEquals(List.of(), cloud.describeIds(List.of("lc-00000000")));
    }

    @Test
    void aMissingLauncherSaysWhatToSet() {
        CloudConnection cloud = new LocalCloudProvider().connect(new CloudSettings("local", "local",
                Map.of("home", home.toString(), "launcher", home.resolve("nope").toString())));
        CloudException e = assertThrows(CloudException.class, cloud::catalog);
        assertTrue(e.getMessage().contains("set 'launcher' in the cloud's configuration"), e.getMessage());
    }

    private static CloudInstance awaitState(CloudConnection cloud, String id, InstanceState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        CloudInstance now = null;
        while (System.nanoTime() < deadline) {
            now = cloud.describeIds(List.of(id)).get(0);
            if (now.state() == state) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " did not become " + state + "; last: " + now);
    }

    private static void awaitConsole(CloudConnection cloud, String id, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (cloud.consoleOutput(id).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("console of " + id + " never showed " + text + ": " + cloud.consoleOutput(id));
    }
}
