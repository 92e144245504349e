package org.nubis.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One server-sent event of {@code GET /events}.
 *
 * @param type the {@code event:} field, e.g. {@code cluster.phase}; {@code message} when absent
 * @param id   the last {@code id:} the server sent, or null; sent back as Last-Event-ID on reconnect
 * @param data the {@code data:} lines joined with '\n', as JSON (a text node when not JSON), e.g.
 *             {@code {"type", "time", "cluster", "phase", "state", ...}}
 */
public record NubisEvent(String type, String id, JsonNode data) {

    public static final String CLUSTER_PHASE = "cluster.phase";
    public static final String CLUSTER_NODE = "cluster.node";
    public static final String OPERATION_PROGRESS = "operation.progress";
    public static final String OPERATION_FINISHED = "operation.finished";
}
