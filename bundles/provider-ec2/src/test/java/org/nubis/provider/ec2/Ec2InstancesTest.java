package org.nubis.provider.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.InstanceState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

class Ec2InstancesTest {

    private static final Ec2Settings SETTINGS = Ec2Settings.parse(new CloudSettings("aws", "ec2",
            Map.of("region", "us-east-1", "sshUser", "admin")));

    @Test
    void everyEc2StateHasItsNubisState() {
        assertEquals(InstanceState.PENDING, Ec2Instances.state("pending"));
        assertEquals(InstanceState.RUNNING, Ec2Instances.state("running"));
        assertEquals(InstanceState.STOPPING, Ec2Instances.state("stopping"));
        assertEquals(InstanceState.STOPPED, Ec2Instances.state("stopped"));
        assertEquals(InstanceState.STOPPING, Ec2Instances.state("shutting-down"));
        assertEquals(InstanceState.TERMINATED, Ec2Instances.state("terminated"));
        assertEquals(InstanceState.PENDING, Ec2Instances.state(null));
    }

    @Test
    void aRunningInstanceMapsWithItsAddressesTagsAndTheSshPortOfItsTag() {
        Instant launched = Instant.parse("2026-11-22T10:00:00Z");
        Instance i = Instance.builder().instanceId("i-0abc").state(s -> s.name("running"))
                .publicIpAddress("203.0.113.7").publicDnsName("ec2-203-0-113-7.compute.amazonaws.com")
                .privateIpAddress("10.0.0.7").imageId("ami-sandbox").instanceType("small").launchTime(launched)
                .tags(Tag.builder().key("nubis:experiment").value("e1").build(),
                        Tag.builder().key("localcloud:ssh-port").value("40123").build())
                .build();
        CloudInstance c = Ec2Instances.toCloudInstance(i, SETTINGS);
        assertEquals("i-0abc", c.cloudId());
        assertEquals(InstanceState.RUNNING, c.state());
        assertNull(c.stateReason());
        assertEquals("203.0.113.7", c.publicHost());
        assertEquals("10.0.0.7", c.privateHost());
        assertEquals(40123, c.sshPort());
        assertEquals("admin", c.sshUser());
        assertEquals("ami-sandbox", c.image());
        assertEquals("small", c.flavor(), "a type the SDK does not know is kept as the cloud spelled it");
        assertEquals(launched, c.launchedAt());
        assertEquals(Map.of("nubis:experiment", "e1", "localcloud:ssh-port", "40123"), c.tags());
    }

    @Test
    void addressesFallBackAndABadPortTagMeansTheConfiguredPort() {
        Instance dnsOnly = Instance.builder().instanceId("i-1").state(s -> s.name("pending")).publicDnsName("host.example")
                .privateIpAddress("10.0.0.8").tags(Tag.builder().key("localcloud:ssh-port").value("nope").build()).build();
        CloudInstance c = Ec2Instances.toCloudInstance(dnsOnly, SETTINGS);
        assertEquals("host.example", c.publicHost());
        assertEquals(22, c.sshPort());

        Instance privateOnly = Instance.builder().instanceId("i-2").state(s -> s.name("running")).publicIpAddress("")
                .privateIpAddress("10.0.0.9").build();
        assertEquals("10.0.0.9", Ec2Instances.toCloudInstance(privateOnly, SETTINGS).publicHost());

        Instance pending = Instance.builder().instanceId("i-3").build();
        CloudInstance p = Ec2Instances.toCloudInstance(pending, SETTINGS);
        assertNull(p.publicHost());
        assertNull(p.privateHost());
        assertEquals(Map.of(), p.tags());
    }

    @Test
    void theStateReasonSaysWhy() {
        Instance stopped = Instance.builder().instanceId("i-4").state(s -> s.name("stopped"))
                .stateReason(r -> r.code("Client.UserInitiatedShutdown").message("Client.UserInitiatedShutdown: User initiated shutdown"))
                .build();
        assertEquals("Client.UserInitiatedShutdown: User initiated shutdown",
                Ec2Instances.toCloudInstance(stopped, SETTINGS).stateReason());
        Instance failed = Instance.builder().instanceId("i-5").state(s -> s.name("terminated"))
                .stateReason(r -> r.code("Server.InternalError").message("boot failed")).build();
        assertEquals("Server.InternalError: boot failed", Ec2Instances.toCloudInstance(failed, SETTINGS).stateReason());
    }
}
