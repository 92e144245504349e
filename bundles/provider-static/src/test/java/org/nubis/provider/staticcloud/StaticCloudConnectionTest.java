package org.nubis.provider.staticcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.NubisTags;

/** Parsing, claiming and releasing, and the claim file, without any real host. */
class StaticCloudConnectionTest {

    @TempDir
    Path dir;

    private CloudSettings settings(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("statePath", dir.resolve("state/lab.json").toString(), "user", "lab"));
        p.putAll(extra);
        return new CloudSettings("lab", "static", p);
    }

    private CloudConnection connect(String hosts) {
        return new StaticCloudProvider().connect(settings(Map.of("hosts", hosts)));
    }

    private static LaunchSpec spec(int count, String experiment) {
        return new LaunchSpec(null, null, count, Map.of(NubisTags.OWNER, "me", NubisTags.EXPERIMENT, experiment), List.of(), null);
    }

    private static Set<String> ids(List<CloudInstance> instances) {
        return instances.stream().map(CloudInstance::cloudId).collect(Collectors.toSet());
    }

    @Test
    void parsesHostsWithDefaultAndExplicitPorts() {
        List<StaticHost> hosts = HostList.parse(settings(Map.of("hosts", "lab1, lab2:2222\n10.0.0.3 [::1]:2200", "sshPort", "23")));
        assertEquals(List.of(new StaticHost("lab1", 23, "lab"), new StaticHost("lab2", 2222, "lab"),
                new StaticHost("10.0.0.3", 23, "lab"), new StaticHost("::1", 2200, "lab")), hosts);
        assertEquals("[::1]:2200", hosts.get(3).id());
    }

    @Test
    void parsesAHostsFileWithCommentsAndUsers() throws Exception {
        Path file = Files.writeString(dir.resolve("hosts.txt"), """
                # the farm
                node1            # default port and user
                node2:2022 admin

                """, StandardCharsets.UTF_8);
        List<StaticHost> hosts = HostList.parse(settings(Map.of("hostsFile", file.toString(), "hosts", "extra")));
        assertEquals(List.of(new StaticHost("extra", 22, "lab"), new StaticHost("node1", 22, "lab"),
                new StaticHost("node2", 2022, "admin")), hosts);
    }

    @Test
    void badEntriesNameTheSetting() throws Exception {
        assertBad(Map.of("hosts", "lab1, lab 2:x"), "setting hosts", "'2:x'");
        assertBad(Map.of("hosts", "lab1:70000"), "setting hosts", "lab1:70000");
        assertBad(Map.of("hosts", "lab1, lab1:22"), "setting hosts", "twice");
        assertBad(Map.of("hosts", "a", "sshPort", "0"), "setting sshPort", "");
        assertBad(Map.of("hosts", "a", "sshPort", "ssh"), "setting sshPort", "'ssh'");
        assertBad(Map.of(), "no hosts", "hostsFile");
        assertBad(Map.of("hostsFile", dir.resolve("missing").toString()), "setting hostsFile", "missing");
        Path file = Files.writeString(dir.resolve("bad.txt"), "ok1\nok2 root extra\n");
        assertBad(Map.of("hostsFile", file.toString()), "setting hostsFile", "line 2");
        Files.writeString(file, "ok1 'root'\n");
        assertBad(Map.of("hostsFile", file.toString()), "setting hostsFile", "line 1");
    }

    private void assertBad(Map<String, String> extra, String... expected) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> new StaticCloudProvider().connect(settings(extra)));
        for (String text : expected) {
            assertTrue(e.getMessage().contains(text), e.getMessage());
        }
    }

    @Test
    void catalogOffersOneImageAndFlavorAndAsManyAsThereAreHosts() {
        CloudCatalog c = connect("a b c").catalog();
        assertEquals(new CloudCatalog(List.of("static"), List.of("static"), "static", "static", 3), c);
    }

    @Test
    void launchClaimsAndTerminateReleases() {
        CloudConnection cloud = connect("a b:2200 c");
        List<CloudInstance> first = cloud.launch(new LaunchSpec("static", "static", 2,
                Map.of(NubisTags.EXPERIMENT, "e1"), List.of("ssh-ed25519 AAAA x"), "#!/bin/sh\necho ignored\n"));
        assertEquals(Set.of("a:22", "b:2200"), ids(first));
        CloudInstance b = first.stream().filter(i -> i.cloudId().equals("b:2200")).findFirst().orElseThrow();
        assertEquals(InstanceState.RUNNING, b.state());
        assertEquals("b", b.publicHost());
        assertEquals("b", b.privateHost());
        assertEquals(2200, b.sshPort());
        assertEquals("lab", b.sshUser());
        assertEquals("static", b.image());
        assertTrue(b.launchedAt() != null);
        assertEquals("", cloud.consoleOutput("b:2200"));

        // all or nothing: 2 asked, 1 free
        CloudException full = assertThrows(CloudException.class, () -> cloud.launch(spec(2, "e2")));
        assertTrue(full.getMessage().contains("only 1 of 3 free"), full.getMessage());
        assertTrue(full.getMessage().contains("hostsFile"), full.getMessage());
        assertEquals(2, cloud.describe(Map.of()).size(), "a refused launch claims nothing");

        assertEquals(Set.of("c:22"), ids(cloud.launch(spec(1, "e2"))));
        cloud.terminate(List.of("a:22", "gone:22"));
        assertEquals(List.of(), cloud.describeIds(List.of("a:22")), "a released host is no instance");
        assertEquals(Set.of("a:22"), ids(cloud.launch(spec(1, "e3"))), "a released host is free again");
        assertEquals(Map.of(NubisTags.OWNER, "me", NubisTags.EXPERIMENT, "e3"),
                cloud.describeIds(List.of("a:22")).get(0).tags(), "released hosts lose their old tags");
    }

    @Test
    void refusesWhatStaticHostsCannotDo() {
        CloudConnection cloud = connect("a");
        assertThrows(InvalidRequestException.class, () -> cloud.launch(spec(0, "e")));
        InvalidRequestException image = assertThrows(InvalidRequestException.class,
                () -> cloud.launch(new LaunchSpec("ubuntu", null, 1, Map.of(), List.of(), null)));
        assertTrue(image.getMessage().contains("ubuntu"), image.getMessage());
        assertThrows(InvalidRequestException.class, () -> cloud.launch(new LaunchSpec(null, "big", 1, Map.of(), List.of(), null)));
        cloud.launch(spec(1, "e"));
        InvalidRequestException stop = assertThrows(InvalidRequestException.class, () -> cloud.stop(List.of("a:22")));
        assertTrue(stop.getMessage().contains("cannot be stopped or started"));
        assertThrows(InvalidRequestException.class, () -> cloud.start(List.of("a:22")));
        assertThrows(NotFoundException.class, () -> cloud.tag("zzz:22", Map.of("k", "v")));
    }

    @Test
    void describeFiltersOnTagsAndTagUpdates() {
        CloudConnection cloud = connect("a b c");
        cloud.launch(spec(2, "e1"));
        cloud.launch(spec(1, "e2"));
        assertEquals(2, cloud.describe(Map.of(NubisTags.EXPERIMENT, "e1")).size());
        assertEquals(Set.of("c:22"), ids(cloud.describe(Map.of(NubisTags.EXPERIMENT, "e2", NubisTags.OWNER, "me"))));
        assertEquals(0, cloud.describe(Map.of(NubisTags.EXPERIMENT, "e2", NubisTags.OWNER, "you")).size());
        assertEquals(3, cloud.describe(Map.of()).size());
        cloud.tag("c:22", Map.of(NubisTags.NODE, "n-1"));
        CloudInstance c = cloud.describe(Map.of(NubisTags.NODE, "n-1")).get(0);
        assertEquals("e2", c.tags().get(NubisTags.EXPERIMENT), "tagging keeps the other tags");
    }

    @Test
    void claimsSurviveARestart() {
        CloudConnection before = connect("a b c");
        CloudInstance claimed = before.launch(spec(1, "e1")).get(0);
        before.tag(claimed.cloudId(), Map.of(NubisTags.NODE, "n-1"));

        // A new connection, as after a Nubis restart; a host that left the list stays until released.
        CloudConnection after = connect("b c d");
        List<CloudInstance> again = after.describe(Map.of(NubisTags.EXPERIMENT, "e1"));
        assertEquals(1, again.size());
        assertEquals(claimed.cloudId(), again.get(0).cloudId());
        assertEquals("n-1", again.get(0).tags().get(NubisTags.NODE));
        assertEquals(claimed.launchedAt(), again.get(0).launchedAt());
        assertEquals(Set.of("b:22", "c:22", "d:22"), ids(after.launch(spec(3, "e2"))), "the unlisted claimed host is not re-offered");
        after.terminate(List.of("a:22"));
        assertEquals(3, connect("a b c d").describe(Map.of()).size());
    }

    @Test
    void theClaimFileIsReplacedAtomically() throws Exception {
        CloudConnection cloud = connect("a b");
        Path state = dir.resolve("state/lab.json");
        assertFalse(Files.exists(state), "nothing is written before the first claim");
        cloud.launch(spec(1, "e1"));
        String first = Files.readString(state);
        assertTrue(first.contains("\"a:22\"") && first.contains("e1"), first);
        cloud.launch(spec(1, "e2"));
        assertTrue(Files.readString(state).contains("\"b:22\""));
        try (var files = Files.list(state.getParent())) {
            assertEquals(List.of(state), files.toList(), "no temporary file is left behind");
        }

        // A failed write changes nothing: the claim stays free and the old file is intact.
        CloudConnection blocked = new StaticCloudConnection("lab", List.of(new StaticHost("x", 22, "u")),
                new ClaimStore(dir.resolve("afile/sub/x.json")));
        Files.writeString(dir.resolve("afile"), "not a directory");
        assertThrows(CloudException.class, () -> blocked.launch(spec(1, "e")));
        assertEquals(List.of(), blocked.describe(Map.of()));

        // A damaged file is reported, never silently replaced.
        Files.writeString(state, "{ half");
        CloudException damaged = assertThrows(CloudException.class, () -> connect("a b"));
        assertTrue(damaged.getMessage().contains(state.toString()), damaged.getMessage());
    }

    @Test
    void concurrentLaunchesNeverShareAHost() throws Exception {
        CloudConnection cloud = connect("h1 h2 h3 h4 h5 h6 h7 h8");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<CloudInstance>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> cloud.launch(spec(1, "race"))));
            }
            Set<String> all = new java.util.HashSet<>();
            for (Future<List<CloudInstance>> f : results) {
                all.addAll(ids(f.get()));
            }
            assertEquals(8, all.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8, connect("h1 h2 h3 h4 h5 h6 h7 h8").describe(Map.of(NubisTags.EXPERIMENT, "race")).size());
    }
}
