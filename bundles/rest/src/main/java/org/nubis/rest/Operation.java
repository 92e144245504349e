package org.nubis.rest;

import java.time.Instant;
import java.util.Map;

/**
 * Long work that a request started (202 Accepted): its state, progress and, once finished, its
 * result or error.
 *
 * @param state           running, succeeded, failed or cancelled
 * @param cancelRequested a cancel was asked for; the work stops at its next interruptible step
 * @param result          what the work returned, once it succeeded
 * @param error           {@code {"error", "detail"}} once it failed or was cancelled
 */
public record Operation(String id, String kind, String target, String user, String state, boolean cancelRequested,
                        Instant createdAt, Instant finishedAt, int done, int total, Object result,
                        Map<String, String> error) {

    public boolean finished() {
        return !"running".equals(state);
    }
}
