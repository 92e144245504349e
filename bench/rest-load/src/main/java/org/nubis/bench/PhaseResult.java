package org.nubis.bench;

import java.time.Duration;

/**
 * What one phase measured.
 *
 * @param latencies  every successful request's latency in nanoseconds, sorted
 * @param firstError the first error's message, or null
 */
record PhaseResult(String endpoint, long requests, long errors, Duration elapsed, long[] latencies,
                   String firstError) {

    double perSecond() {
        return requests / (elapsed.toNanos() / 1e9);
    }

    /** The {@code q} quantile (0..1) of the latencies in milliseconds, nearest rank; NaN when none. */
    double percentileMillis(double q) {
        if (latencies.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * latencies.length);
        return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
    }
}
