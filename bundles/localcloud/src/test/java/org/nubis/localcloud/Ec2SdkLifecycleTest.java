package org.nubis.localcloud;

import static org.nubis.localcloud.Ec2SdkTest.assertError;
import static org.nubis.localcloud.Ec2SdkTest.filter;
import static org.nubis.localcloud.Ec2SdkTest.tag;
import static org.nubis.localcloud.Ec2SdkTest.tagsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * CreateKeyPair, DescribeInstanceStatus and the shutting-down step of TerminateInstances, driven by the real AWS SDK
 * for Java v2; logins with the created keys go through MINA's SSH client.
 */
class Ec2SdkLifecycleTest {

    @TempDir
    static Path home;
    static TestCloud test;
    static Ec2Client ec2;
    static Ec2Waiter waiter;

    @BeforeAll
    static void start() throws Exception {
        test = TestCloud.start(home);
        ec2 = Ec2Clients.client(test);
        waiter = Ec2Clients.waiter(ec2);
    }

    @AfterAll
    static void stop() {
        ec2.close();
        test.close();
    }

    @AfterEach
    void resetKnobs() {
        test.api.put("/v1/knobs", Map.of("bootDelayMs", 0));
    }

    @Test
    void createdKeysLogInToInstancesLaunchedWithThem() throws Exception {
        for (KeyType type : List.of(KeyType.RSA, KeyType.ED25519)) {
            String name = "made-" + type;
            CreateKeyPairResponse created = ec2.createKeyPair(r -> r.keyName(name).keyType(type)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.KEY_PAIR)
                            .tags(tag("made", "here")).build()));
            assertEquals(name, created.keyName());
            assertTrue(created.keyPairId().matches("key-[0-9a-f]{17}"), created.keyPairId());
            assertEquals(Map.of("made", "here"), tagsOf(created.tags()));
            String material = created.keyMaterial();
            assertEquals(type == KeyType.RSA ? "RSA PRIVATE KEY" : "OPENSSH PRIVATE KEY", Ec2Clients.pemLabel(material));
            KeyPair keyPair = load(material);
            assertEquals(type == KeyType.RSA, keyPair.getPrivate().getAlgorithm().equals("RSA"));
            assertEquals(expectedFingerprint(type, keyPair), created.keyFingerprint());

            var described = ec2.describeKeyPairs(r -> r.keyNames(name).includePublicKey(true)).keyPairs().get(0);
            assertEquals(type, described.keyType());
            assertEquals(created.keyFingerprint(), described.keyFingerprint());
            assertEquals(PublicKeyEntry.toString(keyPair.getPublic()), described.publicKey().trim());
            assertError("InvalidKeyPair.Duplicate", () -> ec2.createKeyPair(r -> r.keyName(name)));

            String id = ec2.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1).keyName(name))
                    .instances().get(0).instanceId();
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id));
            int port = Integer.parseInt(tagsOf(instance(id).tags()).get("localcloud:ssh-port"));
            try (MinaSsh ssh = new MinaSsh()) {
                MinaSsh.Result result = ssh.exec(port, new TestKeys(keyPair, described.publicKey()), "echo logged-in");
                assertEquals(0, result.exitStatus());
                assertEquals("logged-in\n", result.stdout());
            }
            assertNowhereUnder(home, material);
            ec2.terminateInstances(r -> r.instanceIds(id));
        }
        assertEquals("RSA PRIVATE KEY", Ec2Clients.pemLabel(ec2.createKeyPair(r -> r.keyName("made-default")).keyMaterial()),
                "rsa is the default, as on EC2");
        assertEquals(KeyType.RSA, ec2.describeKeyPairs(r -> r.keyNames("made-default")).keyPairs().get(0).keyType());
        assertError("InvalidParameterValue", () -> ec2.createKeyPair(r -> r.keyName("dsa").keyType("dsa")));
        assertError("InvalidParameterValue", () -> ec2.createKeyPair(r -> r.keyName("putty").keyFormat("ppk")));
        assertError("MissingParameter", () -> ec2.createKeyPair(r -> r.keyType(KeyType.RSA)));
    }

    @Test
    void instanceStatusIsOkOnceTheSshPortAnswers() {
        String ok = launch(Map.of("suite", "status"));
        String unreachable = launch(Map.of("suite", "status", "localcloud:fault", "never-reachable"));
        waiter.waitUntilInstanceStatusOk(r -> r.instanceIds(ok));
        waiter.waitUntilSystemStatusOk(r -> r.instanceIds(ok));
        waiter.waitUntilInstanceRunning(r -> r.instanceIds(unreachable));
        test.api.put("/v1/knobs", Map.of("bootDelayMs", 600_000));
        String pending = launch(Map.of("suite", "status"));

        List<InstanceStatus> statuses = ec2.describeInstanceStatus(r -> r.instanceIds(ok, unreachable, pending))
                .instanceStatuses();
        assertEquals(List.of(ok, unreachable), statuses.stream().map(InstanceStatus::instanceId).toList(),
                "only running instances without IncludeAllInstances");
        InstanceStatus good = statuses.get(0);
        assertEquals(InstanceStateName.RUNNING, good.instanceState().name());
        assertEquals(16, good.instanceState().code());
        assertEquals(instance(ok).placement().availabilityZone(), good.availabilityZone());
        assertEquals(SummaryStatus.OK, good.instanceStatus().status());
        assertEquals(SummaryStatus.OK, good.systemStatus().status());
        assertEquals("reachability", good.instanceStatus().details().get(0).nameAsString());
        assertEquals("passed", good.instanceStatus().details().get(0).statusAsString());
        InstanceStatus bad = statuses.get(1);
        assertEquals(SummaryStatus.INITIALIZING, bad.instanceStatus().status());
        assertEquals("initializing", bad.instanceStatus().details().get(0).statusAsString());
        assertEquals(SummaryStatus.OK, bad.systemStatus().status());

        List<InstanceStatus> all = ec2.describeInstanceStatus(r -> r.instanceIds(pending).includeAllInstances(true))
                .instanceStatuses();
        assertEquals(1, all.size());
        assertEquals(InstanceStateName.PENDING, all.get(0).instanceState().name());
        assertEquals(SummaryStatus.NOT_APPLICABLE, all.get(0).instanceStatus().status());
        assertTrue(all.get(0).instanceStatus().details().isEmpty());

        assertEquals(List.of(unreachable), ec2.describeInstanceStatus(r -> r.instanceIds(ok, unreachable)
                .filters(filter("instance-status.status", "initializing"))).instanceStatuses().stream()
                .map(InstanceStatus::instanceId).toList());
        assertEquals(List.of(ok), ec2.describeInstanceStatus(r -> r.instanceIds(ok, unreachable)
                .filters(filter("instance-status.reachability", "passed"), filter("instance-state-name", "running")))
                .instanceStatuses().stream().map(InstanceStatus::instanceId).toList());
        assertTrue(ec2.describeInstanceStatus(r -> r.instanceIds(ok).filters(filter("event.code", "*")))
                .instanceStatuses().isEmpty(), "no scheduled events here");

        List<String> paged = new ArrayList<>();
        ec2.describeInstanceStatusPaginator(DescribeInstanceStatusRequest.builder().includeAllInstances(true)
                .maxResults(5).filters(filter("instance-state-name", "running", "pending")).build())
                .instanceStatuses().forEach(status -> paged.add(status.instanceId()));
        assertTrue(paged.containsAll(List.of(ok, unreachable, pending)), paged.toString());

        assertError("InvalidParameterValue", () -> ec2.describeInstanceStatus(r -> r.filters(filter("colour", "red"))));
        assertError("InvalidParameterCombination", () -> ec2.describeInstanceStatus(r -> r.instanceIds(ok).maxResults(5)));
        assertError("InvalidInstanceID.NotFound",
                () -> ec2.describeInstanceStatus(r -> r.instanceIds("i-0123456789abcdef0")));
        ec2.terminateInstances(r -> r.instanceIds(ok, unreachable, pending));
    }

    /**
     * A process that ignores TERM keeps the instance shutting-down for the grace period (5 s), long after the
     * describe that follows the terminate; terminated comes only once it is gone.
     */
    @Test
    void terminateShowsShuttingDownUntilTheProcessesAreGone() throws Exception {
        TestKeys keys = TestKeys.generate();
        ec2.importKeyPair(r -> r.keyName("stubborn-key")
                .publicKeyMaterial(software.amazon.awssdk.core.SdkBytes.fromUtf8String(keys.publicLine())));
        String id = ec2.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1).keyName("stubborn-key"))
                .instances().get(0).instanceId();
        waiter.waitUntilInstanceRunning(r -> r.instanceIds(id));
        int port = Integer.parseInt(tagsOf(instance(id).tags()).get("localcloud:ssh-port"));
        long pid;
        try (MinaSsh ssh = new MinaSsh()) {
            MinaSsh.Result started = ssh.exec(port, keys,
                    "trap '' TERM; nohup sleep 600 > /dev/null 2>&1 < /dev/null & echo $!");
            pid = Long.parseLong(started.stdout().trim());
        }
        assertTrue(TestProcesses.isRunning(pid));

        InstanceStateChange change = ec2.terminateInstances(r -> r.instanceIds(id)).terminatingInstances().get(0);
        assertEquals(InstanceStateName.RUNNING, change.previousState().name());
        assertEquals(InstanceStateName.SHUTTING_DOWN, change.currentState().name());
        assertEquals(32, change.currentState().code());
        Instance shuttingDown = instance(id);
        assertEquals(InstanceStateName.SHUTTING_DOWN, shuttingDown.state().name());
        assertEquals(32, shuttingDown.state().code());
        assertTrue(TestProcesses.isRunning(pid), "shutting-down while the process ignores TERM");
        assertEquals(InstanceStateName.SHUTTING_DOWN,
                ec2.terminateInstances(r -> r.instanceIds(id)).terminatingInstances().get(0).currentState().name(),
                "terminating again changes nothing");
        assertError("IncorrectInstanceState", () -> ec2.stopInstances(r -> r.instanceIds(id)));
        assertError("IncorrectInstanceState", () -> ec2.startInstances(r -> r.instanceIds(id)));

        List<InstanceStateName> seen = new ArrayList<>();
        InstanceStateName state = InstanceStateName.SHUTTING_DOWN;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (state != InstanceStateName.TERMINATED && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = instance(id).state().name();
            seen.add(state);
        }
        assertEquals(InstanceStateName.TERMINATED, state, "never terminated; seen " + seen);
        assertTrue(seen.stream().allMatch(s -> s == InstanceStateName.SHUTTING_DOWN || s == InstanceStateName.TERMINATED),
                seen.toString());
        assertFalse(TestProcesses.isRunning(pid), "terminated only once the processes are gone");
        Instance gone = instance(id);
        assertEquals(48, gone.state().code());
        assertEquals("Client.UserInitiatedShutdown", gone.stateReason().code());
        assertNull(gone.publicIpAddress());
    }

    // ---------------------------------------------------------------------------------------------

    private static String launch(Map<String, String> tags) {
        return ec2.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(tags.entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toList()).build()))
                .instances().get(0).instanceId();
    }

    private static Instance instance(String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private static KeyPair load(String material) throws Exception {
        Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, () -> "created",
                new ByteArrayInputStream(material.getBytes(StandardCharsets.UTF_8)), null);
        return pairs.iterator().next();
    }

    /** EC2's: SHA-1 of the PKCS#8 private key for an RSA key it made; SHA-256 of the public key for ED25519. */
    private static String expectedFingerprint(KeyType type, KeyPair keyPair) throws Exception {
        if (type == KeyType.RSA) {
            return HexFormat.ofDelimiter(":").formatHex(
                    MessageDigest.getInstance("SHA-1").digest(keyPair.getPrivate().getEncoded()));
        }
        byte[] blob = Base64.getDecoder().decode(PublicKeyEntry.toString(keyPair.getPublic()).split(" ")[1]);
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }

    /**
     * The private key is in the answer only: no file of the local cloud's home holds any line of it. The first two
     * lines are left out: an OpenSSH key file starts the same for every ED25519 key (the host keys are such files).
     */
    static void assertNowhereUnder(Path dir, String material) throws IOException {
        List<String> secretLines = material.lines().filter(line -> !line.startsWith("-----")).skip(2)
                .filter(line -> line.length() > 20).toList();
        assertFalse(secretLines.isEmpty());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String line : secretLines) {
                    assertFalse(text.contains(line), file + " holds part of the private key");
                }
            }
        }
    }
}
