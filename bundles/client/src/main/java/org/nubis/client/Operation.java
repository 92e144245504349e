package org.nubis.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A long operation as the server reports it ({@code GET /operations/{id}}): a snapshot, never
 * updated. To follow one, use an {@link OperationHandle}.
 *
 * @param kind   what it does, e.g. {@code provision}
 * @param target what it works on, e.g. the experiment's or cluster's name
 * @param user   who started it
 * @param done   items finished so far (instances, hosts, nodes)
 * @param total  items in all, 0 when not known yet
 * @param result the operation's result once it succeeded (JSON; decode with {@link OperationHandle#resultAs}), or null
 * @param error  why it failed, or null
 */
public record Operation(String id, String kind, String target, String user, OperationState state,
                        Instant createdAt, Instant finishedAt, int done, int total, JsonNode result,
                        OperationError error) {

    /**
     * Whether it has ended. A state this client does not know (a newer server) counts as ended only
     * when the server also says when it finished, so that waiting never stops early.
     */
    public boolean finished() {
        return state == null ? finishedAt != null : state.isFinal();
    }

    public boolean succeeded() {
        return state == OperationState.SUCCEEDED;
    }
}
