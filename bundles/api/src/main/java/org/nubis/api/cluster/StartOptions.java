package org.nubis.api.cluster;

import java.time.Duration;
import org.nubis.api.InvalidRequestException;

/**
 * How to start a cluster.
 *
 * @param minNodes keep going when at least this many nodes came up (each kind keeping at least its
 *                 {@code minCount}), destroying the others; null means every node must come up
 * @param timeout  deadline of the start phase, or null for the template's {@code startTimeout}
 */
public record StartOptions(Integer minNodes, Duration timeout) {

    /** Checked where the options are made, so that a REST caller hears of it before the start is accepted. */
    public StartOptions {
        if (minNodes != null && minNodes < 0) {
            throw new InvalidRequestException("minNodes must be 0 or more, not " + minNodes);
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new InvalidRequestException("the start timeout must be positive, not " + timeout.toSeconds() + " s");
        }
    }

    public static StartOptions all() {
        return new StartOptions(null, null);
    }
}
