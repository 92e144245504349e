package org.nubis.localcloud.ec2api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nubis.localcloud.engine.InstanceDescription;
import org.nubis.localcloud.engine.InstanceState;

/** An engine instance as EC2 shows it: the engine's view plus what the EC2 face keeps about it. */
record Ec2Instance(
        InstanceDescription engine,
        String instanceId,
        String reservationId,
        int launchIndex,
        String keyName,
        List<String> groupIds,
        String volumeId,
        String instanceType,
        String lifecycle,
        String subnetId,
        String zone,
        String clientToken,
        Map<String, String> volumeTags) {

    /** The tag that tells clients the sandbox's SSH port (EC2 clients would otherwise assume 22). */
    static final String SSH_PORT_TAG = "localcloud:ssh-port";

    String engineId() {
        return engine.id();
    }

    InstanceState state() {
        return engine.state();
    }

    boolean isTerminated() {
        return engine.state() == InstanceState.TERMINATED;
    }

    String imageId() {
        return Images.imageId(engine.image());
    }

    /** The instance's tags, with {@value #SSH_PORT_TAG} from the time the sandbox has a port until it is terminated. */
    Map<String, String> tags() {
        Map<String, String> tags = new TreeMap<>(engine.tags());
        if (engine.sshPort() > 0 && !isTerminated()) {
            tags.put(SSH_PORT_TAG, Integer.toString(engine.sshPort()));
        }
        return tags;
    }

    /** EC2's state code. */
    static int code(InstanceState state) {
        return switch (state) {
            case PENDING -> 0;
            case RUNNING -> 16;
            case TERMINATED -> 48;
            case STOPPING -> 64;
            case STOPPED -> 80;
            case SHUTTING_DOWN -> 32;
        };
    }
}
