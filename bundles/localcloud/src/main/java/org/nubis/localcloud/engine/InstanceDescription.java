package org.nubis.localcloud.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** An immutable view of one instance at one moment, as the API faces show it. */
public record InstanceDescription(
        String id,
        String image,
        String flavor,
        InstanceState state,
        String stateReason,
        Map<String, String> tags,
        int sshPort,
        String hostKey,
        Path dir,
        Instant launchedAt,
        Map<String, String> attributes) {
}
