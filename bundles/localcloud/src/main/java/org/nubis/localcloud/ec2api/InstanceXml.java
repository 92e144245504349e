package org.nubis.localcloud.ec2api;

import java.time.Instant;
import java.util.Map;
import org.nubis.localcloud.engine.InstanceState;

/** Writes instances as EC2 does ({@code <item>} of an {@code instancesSet}, state changes). */
final class InstanceXml {

    static final String HOST = "127.0.0.1";
    static final String DNS_NAME = "localhost";
    static final String ROOT_DEVICE = "/dev/xvda";
    static final String ARCHITECTURE = architecture();
    private static final String USER_SHUTDOWN = "Client.UserInitiatedShutdown";

    private InstanceXml() {
    }

    /** One {@code <item>} of an {@code instancesSet}; {@code groupNames} maps group ids to names. */
    static void item(XmlWriter xml, Ec2Instance instance, Map<String, String> groupNames) {
        InstanceState state = instance.state();
        boolean terminated = state == InstanceState.TERMINATED;
        boolean hasPublicAddress = state == InstanceState.PENDING || state == InstanceState.RUNNING;
        Instant launched = instance.engine().launchedAt();
        xml.start("item")
                .value("instanceId", instance.instanceId())
                .value("imageId", instance.imageId());
        state(xml, "instanceState", state);
        xml.value("privateDnsName", terminated ? "" : DNS_NAME)
                .value("dnsName", hasPublicAddress ? DNS_NAME : "")
                .value("reason", reason(instance))
                .value("keyName", instance.keyName())
                .value("amiLaunchIndex", instance.launchIndex())
                .empty("productCodes")
                .value("instanceType", instance.instanceType())
                .value("launchTime", launched)
                .start("placement")
                .value("availabilityZone", instance.zone())
                .value("groupName", "")
                .value("tenancy", "default")
                .end()
                .start("monitoring").value("state", "disabled").end();
        if (!terminated) {
            xml.value("subnetId", instance.subnetId())
                    .value("vpcId", Ec2Ids.VPC_ID)
                    .value("privateIpAddress", HOST);
        }
        if (hasPublicAddress) {
            xml.value("ipAddress", HOST);
        }
        xml.value("sourceDestCheck", true);
        if (instance.groupIds().isEmpty()) {
            xml.empty("groupSet");
        } else {
            xml.start("groupSet");
            for (String groupId : instance.groupIds()) {
                xml.start("item").value("groupId", groupId).value("groupName", groupNames.get(groupId)).end();
            }
            xml.end();
        }
        stateReason(xml, instance.engine().stateReason());
        xml.value("architecture", ARCHITECTURE)
                .value("rootDeviceType", "ebs")
                .value("rootDeviceName", ROOT_DEVICE);
        if (terminated) {
            // The root volume is deleted on termination.
            xml.empty("blockDeviceMapping");
        } else {
            xml.start("blockDeviceMapping").start("item")
                    .value("deviceName", ROOT_DEVICE)
                    .start("ebs")
                    .value("volumeId", instance.volumeId())
                    .value("status", "attached")
                    .value("attachTime", launched)
                    .value("deleteOnTermination", true)
                    .end()
                    .end().end();
        }
        xml.value("instanceLifecycle", instance.lifecycle())
                .value("virtualizationType", "hvm")
                .value("clientToken", instance.clientToken() == null ? "" : instance.clientToken())
                .tags("tagSet", instance.tags())
                .value("hypervisor", "xen")
                .empty("networkInterfaceSet")
                .value("ebsOptimized", false)
                .value("enaSupport", true)
                .value("platformDetails", "Linux/UNIX")
                .value("usageOperation", "RunInstances")
                .end();
    }

    /** One {@code <item>} of a Start/Stop/TerminateInstances answer. */
    static void stateChange(XmlWriter xml, String instanceId, InstanceState previous, InstanceState current) {
        xml.start("item").value("instanceId", instanceId);
        state(xml, "currentState", current);
        state(xml, "previousState", previous);
        xml.end();
    }

    static void state(XmlWriter xml, String element, InstanceState state) {
        xml.start(element).value("code", Ec2Instance.code(state)).value("name", state.apiName()).end();
    }

    /** The engine's "Code: message" reason as EC2's stateReason. */
    private static void stateReason(XmlWriter xml, String reason) {
        if (reason == null || reason.isEmpty()) {
            return;
        }
        int colon = reason.indexOf(':');
        String code = colon > 0 ? reason.substring(0, colon) : "Server.InternalError";
        xml.start("stateReason").value("code", code).value("message", reason).end();
    }

    /** EC2's stateTransitionReason: "User initiated" after a stop or terminate, else the reason or "". */
    private static String reason(Ec2Instance instance) {
        String reason = instance.engine().stateReason();
        if (reason == null) {
            return "";
        }
        if (reason.startsWith(USER_SHUTDOWN)) {
            return "User initiated";
        }
        return reason;
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x86_64";
    }
}
