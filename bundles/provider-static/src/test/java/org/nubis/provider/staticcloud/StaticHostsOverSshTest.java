package org.nubis.provider.staticcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.NubisTags;
import org.nubis.provider.local.GeneratedKey;
import org.nubis.provider.local.LocalCloudProvider;

/**
 * Real SSH endpoints as "existing machines": three sandboxes of the real local cloud (started
 * through its launcher script, driven through provider-local), then handed to a static cloud.
 */
class StaticHostsOverSshTest {

    @TempDir
    Path home;

    @TempDir
    Path state;

    @AfterEach
    void stopTheLocalCloud() throws Exception {
        Process p = new ProcessBuilder(System.getProperty("nubis.localcloud.launcher"), "stop", "--home", home.toString())
                .inheritIO().start();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void claimsRealSshHostsAndPointsAtThem() throws Exception {
        CloudConnection local = new LocalCloudProvider().connect(new CloudSettings("local", "local", Map.of(
                "home", home.toString(),
                "launcher", System.getProperty("nubis.localcloud.launcher"),
                "startTimeoutSeconds", "30")));
        List<CloudInstance> sandboxes = local.launch(new LaunchSpec(null, null, 3, Map.of(), List.of(GeneratedKey.unchecked()), null));
        Set<String> endpoints = new java.util.TreeSet<>();
        for (CloudInstance s : sandboxes) {
            CloudInstance running = awaitRunning(local, s.cloudId());
            endpoints.add(running.publicHost() + ":" + running.sshPort());
        }
        assertEquals(3, endpoints.size());

        CloudConnection lab = new StaticCloudProvider().connect(new CloudSettings("lab", "static", Map.of(
                "hosts", String.join(", ", endpoints),
                "user", "nubis",
                "statePath", state.resolve("lab.json").toString())));
        List<CloudInstance> claimed = lab.launch(new LaunchSpec(null, null, 3,
                Map.of(NubisTags.EXPERIMENT, "ssh-test"), List.of(), null));
        assertEquals(endpoints, claimed.stream().map(i -> i.publicHost() + ":" + i.sshPort()).collect(Collectors.toSet()));
        assertEquals(endpoints, claimed.stream().map(CloudInstance::cloudId).collect(Collectors.toSet()));
        for (CloudInstance i : lab.describe(Map.of(NubisTags.EXPERIMENT, "ssh-test"))) {
            assertEquals(InstanceState.RUNNING, i.state());
            String banner = banner(i.publicHost(), i.sshPort());
            assertTrue(banner.startsWith("SSH-2.0"), i.cloudId() + " said: " + banner);
        }
        lab.terminate(endpoints);
        assertEquals(List.of(), lab.describe(Map.of()));
        local.terminate(sandboxes.stream().map(CloudInstance::cloudId).toList());
    }

    private static String banner(String host, int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n' && line.length() < 255; b = in.read()) {
                line.append((char) b);
            }
            return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).trim();
        }
    }

    private static CloudInstance awaitRunning(CloudConnection cloud, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        CloudInstance now = null;
        while (System.nanoTime() < deadline) {
            now = cloud.describeIds(List.of(id)).get(0);
            if (now.state() == InstanceState.RUNNING) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " did not become running; last: " + now);
    }
}
