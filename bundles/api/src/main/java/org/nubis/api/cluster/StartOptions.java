package org.nubis.api.cluster;

import java.time.Duration;

/**
 * How to start a cluster.
 *
 * @param minNodes keep going when at least this many nodes came up (each kind keeping at least its
 *                 {@code minCount}), destroying the others; null means every node must come up
 * @param timeout  deadline of the start phase, or null for the template's {@code startTimeout}
 */
public record StartOptions(Integer minNodes, Duration timeout) {

    public static StartOptions all() {
        return new StartOptions(null, null);
    }
}
