package org.nubis.api.cloud;

import java.time.Instant;
import java.util.Map;

/**
 * An instance as its cloud reports it.
 *
 * @param cloudId     the cloud's own id
 * @param state       current state
 * @param stateReason why the instance is in that state (e.g. a boot failure), or null
 * @param tags        the cloud-side key/value tags, including Nubis's own ({@link NubisTags})
 * @param publicHost  address reachable from Nubis, or null while pending
 * @param privateHost address inside the cloud's network, or null
 * @param sshPort     SSH port (22 on real clouds)
 * @param sshUser     login user the image expects
 */
public record CloudInstance(String cloudId, InstanceState state, String stateReason,
                            Map<String, String> tags, String publicHost, String privateHost,
                            int sshPort, String sshUser, String image, String flavor,
                            Instant launchedAt) {
    public CloudInstance {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
