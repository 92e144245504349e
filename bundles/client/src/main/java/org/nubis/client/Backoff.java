package org.nubis.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts: exponential from {@code base}, capped at {@code max}, with jitter so that
 * many clients refused at the same moment do not come back at the same moment.
 */
record Backoff(Duration base, Duration max) {

    /** A server's Retry-After is honoured, but a nonsensical one does not park a caller for hours. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    /**
     * @param attempt    0 for the first retry
     * @param retryAfter what the server asked for, or null
     */
    Duration delay(int attempt, Duration retryAfter) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (retryAfter != null) {
            long ms = Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
            // Never earlier than asked; up to 10 % later to spread the herd.
            return Duration.ofMillis(ms + (long) (ms * 0.1 * random.nextDouble()));
        }
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(attempt, 30);
        long ceiling = exp <= 0 || exp > cap ? cap : exp;
        // "Equal jitter": at least half the exponential delay, so retries still slow down.
        return Duration.ofMillis(ceiling / 2 + (long) (random.nextDouble() * (ceiling - ceiling / 2)));
    }

    /** Sleeps, turning an interrupt into the client's exception (and keeping the interrupt flag). */
    static void sleep(Duration d, String request) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NubisApiException(0, NubisApiException.INTERRUPTED, "interrupted while waiting to retry",
                    request, e);
        }
    }
}
