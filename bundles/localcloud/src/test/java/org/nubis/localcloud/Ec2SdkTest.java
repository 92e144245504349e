package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** The EC2 face driven by the real AWS SDK for Java v2: instances, key pairs, groups, tags, errors, faults. */
class Ec2SdkTest {

    @TempDir
    static Path home;
    static TestCloud test;
    static Ec2Client ec2;
    static Ec2Waiter waiter;

    @BeforeAll
    static void start() throws Exception {
        test = TestCloud.start(home, "maxInstances=40");
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
        test.api.put("/v1/knobs", Map.of("bootDelayMs", 0, "failureRate", 0, "neverReachableRate", 0,
                "ec2ThrottleRate", 0, "ec2CapacityFailAfter", -1));
    }

    @Test
    void importedKeyGroupsTagsVolumesAndSshIntoLaunchedInstances() throws Exception {
        TestKeys keys = TestKeys.generate();
        var imported = ec2.importKeyPair(r -> r.keyName("sdk-key")
                .publicKeyMaterial(SdkBytes.fromUtf8String(keys.publicLine())));
        assertEquals("sdk-key", imported.keyName());
        assertTrue(imported.keyPairId().startsWith("key-"));
        assertFalse(imported.keyFingerprint().isEmpty());
        assertEquals("ed25519", ec2.describeKeyPairs(r -> r.keyNames("sdk-key")).keyPairs().get(0).keyTypeAsString());
        assertError("InvalidKeyPair.Duplicate", () -> ec2.importKeyPair(r -> r.keyName("sdk-key")
                .publicKeyMaterial(SdkBytes.fromUtf8String(keys.publicLine()))));

        String groupId = ec2.createSecurityGroup(r -> r.groupName("sdk-web").description("web")).groupId();
        assertTrue(groupId.matches("sg-[0-9a-f]{17}"), groupId);
        IpPermission ssh = IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(ssh));
        assertError("InvalidPermission.Duplicate", () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(ssh)));
        var group = ec2.describeSecurityGroups(r -> r.groupNames("sdk-web")).securityGroups().get(0);
        assertEquals(groupId, group.groupId());
        assertEquals("0.0.0.0/0", group.ipPermissions().get(0).ipRanges().get(0).cidrIp());
        assertEquals(22, group.ipPermissions().get(0).fromPort());

        String userData = Base64.getEncoder().encodeToString("#!/bin/sh\necho console-hello\n".getBytes(StandardCharsets.UTF_8));
        var launched = ec2.runInstances(r -> r.imageId("ami-sandbox").instanceType("t3.medium").minCount(3).maxCount(3)
                .keyName("sdk-key").securityGroupIds(groupId).userData(userData)
                .tagSpecifications(
                        TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                                .tags(tag("suite", "sdk"), tag("role", "worker")).build(),
                        TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tag("disk", "root")).build()));
        assertEquals(3, launched.instances().size());
        assertTrue(launched.reservationId().startsWith("r-"));
        for (Instance instance : launched.instances()) {
            assertTrue(instance.instanceId().matches("i-[0-9a-f]{17}"), instance.instanceId());
            assertEquals(InstanceStateName.PENDING, instance.state().name());
            assertEquals(0, instance.state().code());
            assertEquals("t3.medium", instance.instanceTypeAsString());
            assertEquals("ami-sandbox", instance.imageId());
            assertEquals("sdk-key", instance.keyName());
        }
        List<String> ids = launched.instances().stream().map(Instance::instanceId).toList();

        waiter.waitUntilInstanceRunning(r -> r.instanceIds(ids));
        List<Instance> running = instances(ec2.describeInstances(r -> r.instanceIds(ids)));
        assertEquals(3, running.size());
        for (Instance instance : running) {
            assertEquals(InstanceStateName.RUNNING, instance.state().name());
            assertEquals(16, instance.state().code());
            assertEquals("127.0.0.1", instance.publicIpAddress());
            assertEquals("127.0.0.1", instance.privateIpAddress());
            assertEquals("localhost", instance.publicDnsName());
            assertEquals("us-east-1a", instance.placement().availabilityZone());
            assertNotNull(instance.launchTime());
            assertEquals(groupId, instance.securityGroups().get(0).groupId());
            assertEquals("sdk-web", instance.securityGroups().get(0).groupName());
            assertEquals("sdk", tagsOf(instance.tags()).get("suite"));
            assertTrue(Integer.parseInt(tagsOf(instance.tags()).get("localcloud:ssh-port")) > 0);
            assertTrue(instance.blockDeviceMappings().get(0).ebs().volumeId().startsWith("vol-"));
        }
        // The native API does not show them: they belong to the EC2 face's clients.
        assertEquals(0, test.api.get("/v1/instances?tag:suite=sdk").instances().size());

        // Root volumes carry the volume tags.
        Set<String> volumes = running.stream().map(i -> i.blockDeviceMappings().get(0).ebs().volumeId()).collect(Collectors.toSet());
        List<TagDescription> volumeTags = ec2.describeTags(r -> r.filters(filter("resource-type", "volume"),
                filter("key", "disk"))).tags();
        assertTrue(volumeTags.stream().map(TagDescription::resourceId).collect(Collectors.toSet()).containsAll(volumes));
        volumeTags.stream().filter(t -> volumes.contains(t.resourceId()))
                .forEach(t -> assertEquals("root", t.value()));

        // The sandbox accepts the imported key, on the port of the tag, and no other key.
        Instance first = running.get(0);
        int port = Integer.parseInt(tagsOf(first.tags()).get("localcloud:ssh-port"));
        try (MinaSsh sshClient = new MinaSsh()) {
            MinaSsh.Result result = sshClient.exec(port, keys, "echo ssh-ok");
            assertEquals("ssh-ok\n", result.stdout());
            assertThrows(IOException.class, () -> sshClient.exec(port, TestKeys.generate(), "true"));
        }

        String console = awaitConsole(first.instanceId(), "console-hello");
        assertTrue(console.contains("console-hello"), console);

        assertError("DependencyViolation", () -> ec2.deleteSecurityGroup(r -> r.groupId(groupId)));
        List<InstanceStateChange> terminated = ec2.terminateInstances(r -> r.instanceIds(ids)).terminatingInstances();
        assertEquals(3, terminated.size());
        // As on EC2: shutting-down at once, terminated once the processes are gone.
        terminated.forEach(change -> {
            assertEquals(InstanceStateName.RUNNING, change.previousState().name());
            assertEquals(InstanceStateName.SHUTTING_DOWN, change.currentState().name());
            assertEquals(32, change.currentState().code());
        });
        waiter.waitUntilInstanceTerminated(r -> r.instanceIds(ids));
        ec2.deleteSecurityGroup(r -> r.groupId(groupId));
        assertError("InvalidGroup.NotFound", () -> ec2.describeSecurityGroups(r -> r.groupIds(groupId)));
        // Terminated instances stay visible for a while, without their volume.
        Instance gone = instances(ec2.describeInstances(r -> r.instanceIds(ids.get(0)))).get(0);
        assertEquals(InstanceStateName.TERMINATED, gone.state().name());
        assertEquals("Client.UserInitiatedShutdown", gone.stateReason().code());
        assertTrue(gone.blockDeviceMappings().isEmpty());
        ec2.deleteKeyPair(r -> r.keyName("sdk-key"));
        assertError("InvalidKeyPair.NotFound", () -> ec2.describeKeyPairs(r -> r.keyNames("sdk-key")));
    }

    @Test
    void describeInstancesPagesThroughATagFilter() {
        List<String> ids = launch(7, Map.of("suite", "pages"), r -> r);
        launch(1, Map.of("suite", "other-pages"), r -> r);
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(filter("tag:suite", "pages"), filter("instance-state-name", "pending", "running"))
                .maxResults(5).build();
        List<String> seen = new ArrayList<>();
        int pages = 0;
        for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(request)) {
            pages++;
            instances(page).forEach(instance -> seen.add(instance.instanceId()));
        }
        assertEquals(2, pages);
        assertEquals(ids, seen);
        assertEquals(Set.copyOf(ids), instances(ec2.describeInstances(r -> r.filters(filter("tag-value", "pages"))))
                .stream().map(Instance::instanceId).collect(Collectors.toSet()));
        assertError("InvalidParameterValue", () -> ec2.describeInstances(r -> r.maxResults(3)));
        assertError("InvalidParameterCombination", () -> ec2.describeInstances(r -> r.instanceIds(ids.get(0)).maxResults(5)));
        terminate(ids);
    }

    @Test
    void tagsAndStopStart() {
        String id = launch(1, Map.of("suite", "tags"), r -> r.instanceMarketOptions(m -> m.marketType(MarketType.SPOT))).get(0);
        waiter.waitUntilInstanceRunning(r -> r.instanceIds(id));
        assertEquals("spot", instance(id).instanceLifecycleAsString());

        ec2.createTags(r -> r.resources(id).tags(tag("colour", "blue"), tag("size", "xl")));
        assertEquals(id, instances(ec2.describeInstances(r -> r.filters(filter("tag:colour", "bl*")))).get(0).instanceId());
        ec2.deleteTags(r -> r.resources(id).tags(Tag.builder().key("size").value("small").build()));
        assertEquals("xl", tagsOf(instance(id).tags()).get("size"), "a value that does not match deletes nothing");
        ec2.deleteTags(r -> r.resources(id).tags(Tag.builder().key("size").build()));
        Map<String, String> tags = tagsOf(ec2.describeTags(r -> r.filters(filter("resource-id", id))).tags().stream()
                .map(t -> tag(t.key(), t.value())).toList());
        assertEquals("blue", tags.get("colour"));
        assertNull(tags.get("size"));
        assertTrue(tags.containsKey("localcloud:ssh-port"));
        assertError("InvalidParameterValue", () -> ec2.createTags(r -> r.resources(id).tags(tag("aws:x", "1"))));
        assertError("InvalidInstanceID.NotFound", () -> ec2.createTags(r -> r.resources("i-0123456789abcdef0").tags(tag("a", "b"))));

        InstanceStateChange stopping = ec2.stopInstances(r -> r.instanceIds(id)).stoppingInstances().get(0);
        assertEquals(InstanceStateName.RUNNING, stopping.previousState().name());
        assertTrue(Set.of(InstanceStateName.STOPPING, InstanceStateName.STOPPED).contains(stopping.currentState().name()));
        waiter.waitUntilInstanceStopped(r -> r.instanceIds(id));
        assertEquals(80, instance(id).state().code());
        assertNull(instance(id).publicIpAddress());
        InstanceStateChange starting = ec2.startInstances(r -> r.instanceIds(id)).startingInstances().get(0);
        assertEquals(InstanceStateName.STOPPED, starting.previousState().name());
        waiter.waitUntilInstanceRunning(r -> r.instanceIds(id));
        terminate(List.of(id));
        assertError("IncorrectInstanceState", () -> ec2.startInstances(r -> r.instanceIds(id)));
    }

    @Test
    void errorsAreEc2s() {
        assertError("InvalidAMIID.NotFound", () -> ec2.runInstances(r -> r.imageId("ami-windows").minCount(1).maxCount(1)));
        assertError("InvalidAMIID.Malformed", () -> ec2.runInstances(r -> r.imageId("sandbox").minCount(1).maxCount(1)));
        assertError("InvalidParameterValue", () -> ec2.runInstances(r -> r.imageId("ami-sandbox").instanceType("z9.huge")
                .minCount(1).maxCount(1)));
        assertError("InvalidParameterValue", () -> ec2.runInstances(r -> r.imageId("ami-sandbox").minCount(2).maxCount(1)));
        assertError("InvalidKeyPair.NotFound", () -> ec2.runInstances(r -> r.imageId("ami-sandbox").keyName("nobody")
                .minCount(1).maxCount(1)));
        assertError("InvalidGroup.NotFound", () -> ec2.runInstances(r -> r.imageId("ami-sandbox")
                .securityGroups("no-such-group").minCount(1).maxCount(1)));
        assertError("InvalidInstanceID.NotFound", () -> ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0")));
        assertError("InvalidInstanceID.Malformed", () -> ec2.terminateInstances(r -> r.instanceIds("lc-1234")));
        assertError("InvalidParameterValue", () -> ec2.describeInstances(r -> r.filters(filter("colour", "red"))));
        assertError("InvalidKeyPair.NotFound", () -> ec2.describeKeyPairs(r -> r.keyNames("nobody")));
        assertError("InvalidKey.Format", () -> ec2.importKeyPair(r -> r.keyName("bad")
                .publicKeyMaterial(SdkBytes.fromUtf8String("ssh-ed25519 notakey"))));
        ec2.createSecurityGroup(r -> r.groupName("twice").description("d"));
        assertError("InvalidGroup.Duplicate", () -> ec2.createSecurityGroup(r -> r.groupName("twice").description("d")));
        assertError("CannotDelete", () -> ec2.deleteSecurityGroup(r -> r.groupName("default")));
        assertError("DryRunOperation", () -> ec2.describeInstances(r -> r.dryRun(true)));

        assertEquals(List.of("ami-sandbox"), ec2.describeImages().images().stream().map(i -> i.imageId()).toList());
        assertError("InvalidAMIID.NotFound", () -> ec2.describeImages(r -> r.imageIds("ami-nope")));
        assertTrue(ec2.describeRegions().regions().stream().anyMatch(r -> r.regionName().equals("us-east-1")));
        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), ec2.describeAvailabilityZones()
                .availabilityZones().stream().map(z -> z.zoneName()).toList());
    }

    /**
     * The answer is AuthFailure with HTTP 401, as on EC2. The JDK's HttpURLConnection (under the SDK's
     * UrlConnectionHttpClient) drops the body of a 401 to a streamed POST, so this client sees the status
     * only; {@link Ec2SignedRequestTest} and {@link Ec2CliTest} check the code in the body.
     */
    @Test
    void aWrongSecretOrUnknownKeyIsRefused() {
        Ec2Clients.Keys keys = Ec2Clients.keys(test.home);
        try (Ec2Client wrong = Ec2Clients.client(test.cloud.ec2Port(), new Ec2Clients.Keys(keys.accessKeyId(), "x" + keys.secret()),
                b -> b.retryStrategy(AwsRetryStrategy.doNotRetry()))) {
            assertEquals(401, assertThrows(Ec2Exception.class, wrong::describeRegions).statusCode());
        }
        try (Ec2Client unknown = Ec2Clients.client(test.cloud.ec2Port(), new Ec2Clients.Keys("AKIANOBODY0000000000", keys.secret()),
                b -> b.retryStrategy(AwsRetryStrategy.doNotRetry()))) {
            assertEquals(401, assertThrows(Ec2Exception.class, unknown::describeRegions).statusCode());
        }
    }

    @Test
    void throttlingIsRetriedByTheSdk() {
        test.api.put("/v1/knobs", Map.of("ec2ThrottleRate", 1.0));
        try (Ec2Client once = Ec2Clients.client(test.cloud.ec2Port(), Ec2Clients.keys(test.home),
                b -> b.retryStrategy(AwsRetryStrategy.doNotRetry()))) {
            Ec2Exception e = assertThrows(Ec2Exception.class, once::describeRegions);
            assertEquals("RequestLimitExceeded", e.awsErrorDetails().errorCode());
            assertEquals(503, e.statusCode());
            assertTrue(e.isThrottlingException());
        }
        test.api.put("/v1/knobs", Map.of("ec2ThrottleRate", 0.5));
        AtomicInteger throttled = new AtomicInteger();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (context.httpResponse().statusCode() == 503) {
                    throttled.incrementAndGet();
                }
            }
        };
        try (Ec2Client patient = Ec2Clients.client(test.cloud.ec2Port(), Ec2Clients.keys(test.home),
                b -> b.retryStrategy(Ec2Clients.patientRetries(30)).addExecutionInterceptor(counter))) {
            for (int i = 0; i < 20; i++) {
                assertFalse(patient.describeAvailabilityZones().availabilityZones().isEmpty());
            }
            String id = patient.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                            .tags(tag("suite", "throttled")).build())).instances().get(0).instanceId();
            Ec2Clients.waiter(patient).waitUntilInstanceRunning(r -> r.instanceIds(id));
            patient.terminateInstances(r -> r.instanceIds(id));
        }
        // About half of the attempts were throttled, and retried until they went through.
        assertTrue(throttled.get() > 0, "no request was throttled");
    }

    @Test
    void capacityFailsAfterTheKnobsCount() {
        test.api.put("/v1/knobs", Map.of("ec2CapacityFailAfter", 1));
        try (Ec2Client once = Ec2Clients.client(test.cloud.ec2Port(), Ec2Clients.keys(test.home),
                b -> b.retryStrategy(AwsRetryStrategy.doNotRetry()))) {
            String id = once.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1)).instances().get(0).instanceId();
            Ec2Exception e = assertThrows(Ec2Exception.class,
                    () -> once.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1)));
            assertEquals("InsufficientInstanceCapacity", e.awsErrorDetails().errorCode());
            assertEquals(500, e.statusCode());
            test.api.put("/v1/knobs", Map.of("ec2CapacityFailAfter", -1));
            String again = once.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1)).instances().get(0).instanceId();
            terminate(List.of(id, again));
        }
    }

    @Test
    void faultsWorkThroughRunInstances() {
        String unreachable = launch(1, Map.of("suite", "fault", "localcloud:fault", "never-reachable"), r -> r).get(0);
        waiter.waitUntilInstanceRunning(r -> r.instanceIds(unreachable));
        int port = Integer.parseInt(tagsOf(instance(unreachable).tags()).get("localcloud:ssh-port"));
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            }
        });

        String failing = launch(1, Map.of("suite", "fault", "localcloud:fault", "boot-failure"), r -> r).get(0);
        waiter.waitUntilInstanceTerminated(r -> r.instanceIds(failing));
        assertEquals("Server.InternalError", instance(failing).stateReason().code());

        test.api.put("/v1/knobs", Map.of("bootDelayMs", 600_000));
        String slow = launch(1, Map.of("suite", "fault"), r -> r).get(0);
        Instance pending = instance(slow);
        assertEquals(InstanceStateName.PENDING, pending.state().name());
        assertFalse(tagsOf(pending.tags()).containsKey("localcloud:ssh-port"));
        terminate(List.of(unreachable, slow));
    }

    // ---------------------------------------------------------------------------------------------

    /** Launches instances with these tags and returns their ids in launch order. */
    private static List<String> launch(int count, Map<String, String> tags, UnaryOperator<RunInstancesRequest.Builder> more) {
        List<Tag> list = tags.entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toList();
        RunInstancesRequest.Builder request = RunInstancesRequest.builder().imageId("ami-sandbox").instanceType("t3.micro")
                .minCount(count).maxCount(count)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(list).build());
        return ec2.runInstances(more.apply(request).build()).instances().stream().map(Instance::instanceId).toList();
    }

    private static void terminate(List<String> ids) {
        ec2.terminateInstances(r -> r.instanceIds(ids));
    }

    private static Instance instance(String id) {
        return instances(ec2.describeInstances(r -> r.instanceIds(id))).get(0);
    }

    private static List<Instance> instances(DescribeInstancesResponse response) {
        return response.reservations().stream().map(Reservation::instances).flatMap(List::stream).toList();
    }

    private String awaitConsole(String id, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            String output = ec2.getConsoleOutput(r -> r.instanceId(id)).output();
            String decoded = output == null ? "" : new String(Base64.getDecoder().decode(output), StandardCharsets.UTF_8);
            if (decoded.contains(text) || System.nanoTime() > deadline) {
                return decoded;
            }
            Thread.sleep(50);
        }
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    static Map<String, String> tagsOf(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    static void assertError(String code, Runnable call) {
        Ec2Exception e = assertThrows(Ec2Exception.class, call::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
    }
}
