package org.nubis.provider.ec2;

import org.nubis.provider.local.GeneratedKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cloud.SupportResources.SupportResource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/** The provider, through the real AWS SDK, against the EC2 face of the Nubis local cloud. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ec2FaceIT {

    private static final String KEY = GeneratedKey.unchecked();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path home;
    static LocalCloudEc2Face face;
    static Ec2CloudProvider provider;
    static Ec2CloudConnection cloud;
    /** The SDK as is, to look at what the provider made. */
    static Ec2Client sdk;

    @BeforeAll
    static void startTheFace() throws Exception {
        face = LocalCloudEc2Face.start(home.resolve("lc"));
        provider = new Ec2CloudProvider();
        cloud = (Ec2CloudConnection) provider.connect(face.settings("face", "keyPairName", "nubis-it", "securityGroup", "nubis-it"));
        sdk = Ec2ClientFactory.create(Ec2Settings.parse(face.settings("raw")));
    }

    @AfterAll
    static void stopTheFace() throws Exception {
        if (sdk != null) {
            sdk.close();
        }
        if (provider != null) {
            provider.deactivate();
        }
        if (face != null) {
            face.close();
        }
    }

    private static LaunchSpec spec(int count, String launch, String userData) {
        return new LaunchSpec(null, null, count, Map.of(NubisTags.OWNER, "it", NubisTags.EXPERIMENT, "e1",
                NubisTags.LAUNCH, launch), List.of(KEY), userData);
    }

    @Test
    @Order(1)
    void connectsAndShowsTheCatalog() {
        CloudCatalog catalog = cloud.catalog();
        assertTrue(catalog.images().contains("ami-sandbox"), catalog.toString());
        assertEquals("ami-sandbox", catalog.defaultImage());
        assertEquals("t3.micro", catalog.defaultFlavor());
        assertEquals("t3.micro", catalog.flavors().get(0));
        assertEquals(1000, catalog.maxLaunchCount());
    }

    @Test
    @Order(2)
    void instancesLiveTheirWholeLifeThroughTheSdk() throws Exception {
        List<CloudInstance> launched = cloud.launch(spec(3, "L1", "#!/bin/sh\necho hello-from-ec2-user-data\n"));
        assertEquals(3, launched.size());
        List<String> ids = launched.stream().map(CloudInstance::cloudId).toList();
        launched.forEach(i -> assertEquals("e1", i.tags().get(NubisTags.EXPERIMENT), "tags are there from the start"));

        // Found by tag, each with the SSH port its tag gives.
        List<CloudInstance> found = awaitAll(Map.of(NubisTags.EXPERIMENT, "e1"), 3,
                i -> i.tags().containsKey("localcloud:ssh-port"));
        assertEquals(Set.copyOf(ids), found.stream().map(CloudInstance::cloudId).collect(Collectors.toSet()));
        for (CloudInstance i : found) {
            assertEquals(Integer.parseInt(i.tags().get("localcloud:ssh-port")), i.sshPort());
            assertNotEquals(22, i.sshPort());
            assertEquals("ec2-user", i.sshUser());
            assertEquals("ami-sandbox", i.image());
            assertEquals("t3.micro", i.flavor());
        }
        assertEquals(0, cloud.describe(Map.of(NubisTags.EXPERIMENT, "other")).size());

        // The launch's tags are on the volumes too, put there at creation.
        List<TagDescription> volumeTags = sdk.describeTags(b -> b.filters(
                Filter.builder().name("resource-type").values("volume").build(),
                Filter.builder().name("key").values(NubisTags.LAUNCH).build())).tags();
        assertEquals(3, volumeTags.size(), volumeTags.toString());
        volumeTags.forEach(t -> assertEquals("L1", t.value()));

        // Running, via the SDK's waiter.
        List<CloudInstance> running = cloud.awaitRunning(ids, WAIT);
        assertEquals(3, running.size());
        running.forEach(i -> assertEquals(InstanceState.RUNNING, i.state()));
        running.forEach(i -> assertTrue(i.publicHost() != null && !i.publicHost().isBlank()));

        String id = ids.get(0);
        cloud.tag(id, Map.of(NubisTags.NODE, "e1-1"));
        CloudInstance tagged = cloud.describeIds(List.of(id)).get(0);
        assertEquals("e1-1", tagged.tags().get(NubisTags.NODE));
        assertEquals("e1", tagged.tags().get(NubisTags.EXPERIMENT), "tagging keeps the other tags");
        assertEquals(List.of(), cloud.describeIds(List.of("i-0000000000000dead")), "unknown ids are left out");

        awaitConsole(id, "hello-from-ec2-user-data");

        cloud.stop(List.of(id));
        awaitState(id, InstanceState.STOPPED);
        cloud.start(List.of(id));
        assertEquals(InstanceState.RUNNING, cloud.awaitRunning(List.of(id), WAIT).get(0).state());

        List<String> withGone = new ArrayList<>(ids);
        withGone.add("i-0000000000000dead");
        cloud.terminate(withGone);
        cloud.terminate(ids); // again: already terminated is fine
        for (String each : ids) {
            awaitState(each, InstanceState.TERMINATED);
        }
    }

    @Test
    @Order(3)
    void theKeyPairAndGroupAreMadeOnceAccountedForAndRemovedWhenUnused() throws Exception {
        List<String> ids = new ArrayList<>();
        ids.addAll(cloud.launch(spec(1, "L2", null)).stream().map(CloudInstance::cloudId).toList());
        // Another connection (as after a restart) finds them instead of making new ones.
        Ec2CloudConnection again = (Ec2CloudConnection) new Ec2CloudProvider().connect(
                face.settings("face-again", "keyPairName", "nubis-it", "securityGroup", "nubis-it"));
        try {
            ids.addAll(again.launch(spec(2, "L3", null)).stream().map(CloudInstance::cloudId).toList());
        } finally {
            again.close();
        }
        assertEquals(1, sdk.describeKeyPairs(b -> b.keyNames("nubis-it")).keyPairs().size());
        assertEquals(1, sdk.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values("nubis-it")
                .build())).securityGroups().size());

        List<SupportResource> inUse = cloud.supportResources();
        assertEquals(Set.of(Ec2SupportResources.KEY_PAIR, Ec2SupportResources.SECURITY_GROUP),
                inUse.stream().map(SupportResource::kind).collect(Collectors.toSet()), inUse.toString());
        inUse.forEach(r -> assertTrue(r.inUse(), r.toString()));
        inUse.forEach(r -> assertEquals("nubis-it", r.name()));
        assertEquals(List.of(), cloud.removeUnusedSupportResources(), "nothing is removed while instances use it");

        cloud.terminate(ids);
        for (String id : ids) {
            awaitState(id, InstanceState.TERMINATED);
        }
        List<SupportResource> unused = cloud.supportResources();
        unused.forEach(r -> assertFalse(r.inUse(), r.toString()));
        List<SupportResource> removed = cloud.removeUnusedSupportResources();
        assertEquals(2, removed.size(), removed.toString());
        assertEquals(List.of(), cloud.supportResources());

        // The next launch makes them again.
        List<String> more = cloud.launch(spec(1, "L4", null)).stream().map(CloudInstance::cloudId).toList();
        assertEquals(2, cloud.supportResources().size());
        cloud.terminate(more);
        for (String id : more) {
            awaitState(id, InstanceState.TERMINATED);
        }

        // Another cloud on the same account with the same names removes them as unused: this one's
        // next launch does not count on what it saw before, it makes them again.
        try (Ec2CloudConnection other = (Ec2CloudConnection) provider.connect(
                face.settings("other", "keyPairName", "nubis-it", "securityGroup", "nubis-it"))) {
            assertEquals(2, other.removeUnusedSupportResources().size());
        }
        List<String> remade = cloud.launch(spec(1, "L5", null)).stream().map(CloudInstance::cloudId).toList();
        assertEquals(2, cloud.supportResources().size());
        cloud.supportResources().forEach(r -> assertTrue(r.inUse(), r.toString()));
        cloud.terminate(remade);
    }

    private static List<CloudInstance> awaitAll(Map<String, String> tags, int count, Predicate<CloudInstance> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<CloudInstance> now = List.of();
        while (System.nanoTime() < deadline) {
            now = cloud.describe(tags);
            if (now.size() == count && now.stream().allMatch(ready)) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never " + count + " ready instances with " + tags + "; last: " + now);
    }

    private static void awaitState(String id, InstanceState state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<InstanceState> seen = new HashSet<>();
        while (System.nanoTime() < deadline) {
            CloudInstance now = cloud.describeIds(List.of(id)).get(0);
            seen.add(now.state());
            if (now.state() == state) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(id + " did not become " + state + "; seen " + seen);
    }

    private static void awaitConsole(String id, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (cloud.consoleOutput(id).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the console of " + id + " never showed " + text + ": " + cloud.consoleOutput(id));
    }
}
