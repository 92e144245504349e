package org.nubis.rest;

/** An error the caller may retry after a while: its answer carries {@code Retry-After}. */
interface RetryLater {

    /** Seconds to wait before trying again (at least 1). */
    long retryAfterSeconds();
}
