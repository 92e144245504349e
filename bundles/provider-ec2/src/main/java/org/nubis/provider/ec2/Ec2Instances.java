package org.nubis.provider.ec2;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Maps EC2's view of an instance onto Nubis's {@link CloudInstance}. */
final class Ec2Instances {

    private Ec2Instances() {
    }

    static CloudInstance toCloudInstance(Instance i, Ec2Settings s) {
        Map<String, String> tags = tags(i);
        return new CloudInstance(i.instanceId(), state(i.state() == null ? null : i.state().nameAsString()),
                stateReason(i), tags, publicHost(i), privateHost(i), sshPort(tags, s), s.sshUser(),
                i.imageId(), i.instanceTypeAsString(), i.launchTime());
    }

    /**
     * EC2's state names: pending, running, stopping, stopped, shutting-down, terminated.
     * {@code shutting-down} is on its way to terminated but still exists, so it maps to STOPPING
     * (as {@link InstanceState#parse} does); an unknown or missing name counts as pending.
     */
    static InstanceState state(String name) {
        if (name == null) {
            return InstanceState.PENDING;
        }
        return switch (name) {
            case "pending" -> InstanceState.PENDING;
            case "running" -> InstanceState.RUNNING;
            case "stopping", "shutting-down" -> InstanceState.STOPPING;
            case "stopped" -> InstanceState.STOPPED;
            case "terminated" -> InstanceState.TERMINATED;
            default -> InstanceState.PENDING;
        };
    }

    static Map<String, String> tags(Instance i) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (i.hasTags()) {
            for (Tag t : i.tags()) {
                if (t.key() != null) {
                    tags.put(t.key(), t.value() == null ? "" : t.value());
                }
            }
        }
        return tags;
    }

    /** The tag's port when the instance carries a valid one (EC2-compatible clouds that map ports), else the setting. */
    static int sshPort(Map<String, String> tags, Ec2Settings s) {
        String v = tags.get(s.sshPortTag());
        if (v != null) {
            try {
                int port = Integer.parseInt(v.trim());
                if (port > 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // not a port: use the configured one
            }
        }
        return s.sshPort();
    }

    static String publicHost(Instance i) {
        return firstOf(i.publicIpAddress(), i.publicDnsName(), i.privateIpAddress());
    }

    static String privateHost(Instance i) {
        return firstOf(i.privateIpAddress(), i.privateDnsName());
    }

    private static String stateReason(Instance i) {
        if (i.stateReason() != null && i.stateReason().message() != null && !i.stateReason().message().isBlank()) {
            String code = i.stateReason().code();
            String message = i.stateReason().message();
            return code == null || message.startsWith(code) ? message : code + ": " + message;
        }
        String transition = i.stateTransitionReason();
        return transition == null || transition.isBlank() ? null : transition;
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
