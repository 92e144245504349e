package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The EC2 view across restarts, instances from the native API, and launches limited by capacity. */
class Ec2RestartTest {

    @TempDir
    Path home;

    @Test
    void theEc2ViewSurvivesARestart() throws Exception {
        TestKeys keys = TestKeys.generate();
        try (TestCloud test = TestCloud.start(home)) {
            Instance before;
            String reservation;
            String groupId;
            try (Ec2Client ec2 = Ec2Clients.client(test)) {
                ec2.importKeyPair(r -> r.keyName("kept").publicKeyMaterial(SdkBytes.fromUtf8String(keys.publicLine())));
                groupId = ec2.createSecurityGroup(r -> r.groupName("kept-group").description("kept")).groupId();
                String id = ec2.runInstances(r -> r.imageId("ami-sandbox").instanceType("t3.small").minCount(1).maxCount(1)
                        .keyName("kept").securityGroupIds(groupId)
                        .tagSpecifications(
                                TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(Ec2SdkTest.tag("k", "v")).build(),
                                TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(Ec2SdkTest.tag("vk", "vv")).build()))
                        .instances().get(0).instanceId();
                Ec2Clients.waiter(ec2).waitUntilInstanceRunning(r -> r.instanceIds(id));
                before = describe(ec2, id);
                reservation = reservationOf(ec2, id);
            }

            test.restart();

            try (Ec2Client ec2 = Ec2Clients.client(test)) {
                Instance after = describe(ec2, before.instanceId());
                assertEquals("running", after.state().nameAsString());
                assertEquals(reservation, reservationOf(ec2, before.instanceId()));
                assertEquals("kept", after.keyName());
                assertEquals("t3.small", after.instanceTypeAsString());
                assertEquals(before.launchTime(), after.launchTime());
                assertEquals(groupId, after.securityGroups().get(0).groupId());
                String volumeId = after.blockDeviceMappings().get(0).ebs().volumeId();
                assertEquals(before.blockDeviceMappings().get(0).ebs().volumeId(), volumeId);
                assertEquals("vv", ec2.describeTags(r -> r.filters(Ec2SdkTest.filter("resource-id", volumeId)))
                        .tags().get(0).value());
                assertEquals("v", Ec2SdkTest.tagsOf(after.tags()).get("k"));
                assertEquals("kept", ec2.describeKeyPairs().keyPairs().get(0).keyName());
                assertEquals("kept-group", ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0).groupName());
                int port = Integer.parseInt(Ec2SdkTest.tagsOf(after.tags()).get("localcloud:ssh-port"));
                try (MinaSsh ssh = new MinaSsh()) {
                    assertEquals(0, ssh.exec(port, keys, "true").exitStatus());
                }
            }
        }
    }

    @Test
    void eachFaceSeesOnlyTheInstancesLaunchedThroughIt() throws Exception {
        try (TestCloud test = TestCloud.start(home); Ec2Client ec2 = Ec2Clients.client(test)) {
            test.api.launch(Map.of("count", 1, "flavor", "large", "tags", Map.of("from", "native")));
            assertEquals(List.of(), instances(ec2), "a native instance is another account's");
            String ec2Id = ec2.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1)).instances().get(0).instanceId();
            assertEquals(List.of(ec2Id), instances(ec2).stream().map(Instance::instanceId).toList());
            List<String> nativeTags = new java.util.ArrayList<>();
            test.api.get("/v1/instances").instances().forEach(i -> nativeTags.add(i.path("tags").path("from").asText()));
            assertEquals(List.of("native"), nativeTags, "and an EC2 instance is not the native API's");
        }
    }

    @Test
    void aLaunchTakesWhatFitsBetweenMinCountAndMaxCount() throws Exception {
        try (TestCloud test = TestCloud.start(home, "maxInstances=4");
                Ec2Client ec2 = Ec2Clients.client(test.cloud.ec2Port(), Ec2Clients.keys(test.home),
                        b -> b.retryStrategy(AwsRetryStrategy.doNotRetry()))) {
            assertEquals(4, ec2.runInstances(r -> r.imageId("ami-sandbox").minCount(2).maxCount(10)).instances().size());
            Ec2Exception full = assertThrows(Ec2Exception.class,
                    () -> ec2.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1)));
            assertEquals("InsufficientInstanceCapacity", full.awsErrorDetails().errorCode());
            List<String> ids = instances(ec2).stream().map(Instance::instanceId).toList();
            ec2.terminateInstances(r -> r.instanceIds(ids.subList(0, 1)));
            // A shutting-down instance still counts; a terminated one no longer does.
            Ec2Clients.waiter(ec2).waitUntilInstanceTerminated(r -> r.instanceIds(ids.get(0)));
            assertEquals(1, ec2.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(3)).instances().size());
        }
    }

    @Test
    void capacityFailAfterMayComeFromTheProperties() throws Exception {
        try (TestCloud test = TestCloud.start(home, "ec2CapacityFailAfter=0");
                Ec2Client ec2 = Ec2Clients.client(test.cloud.ec2Port(), Ec2Clients.keys(test.home),
                        b -> b.retryStrategy(AwsRetryStrategy.doNotRetry()))) {
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> ec2.runInstances(r -> r.imageId("ami-sandbox").minCount(1).maxCount(1)));
            assertEquals("InsufficientInstanceCapacity", e.awsErrorDetails().errorCode());
            assertEquals(0, test.api.get("/v1/knobs").json().path("ec2CapacityFailAfter").asInt());
        }
    }

    private static Instance describe(Ec2Client ec2, String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private static String reservationOf(Ec2Client ec2, String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).reservationId();
    }

    private static List<Instance> instances(Ec2Client ec2) {
        return ec2.describeInstances().reservations().stream().map(Reservation::instances).flatMap(List::stream).toList();
    }
}
