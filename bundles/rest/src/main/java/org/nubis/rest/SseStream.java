package org.nubis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;

/** One open Server-Sent Events stream: events as JSON, one writer at a time. */
final class SseStream {

    private final SseEventSink sink;
    private final Sse sse;
    private final ObjectMapper json;
    private Runnable onClose = () -> { };

    SseStream(SseEventSink sink, Sse sse, ObjectMapper json) {
        this.sink = sink;
        this.sse = sse;
        this.json = json;
    }

    void onClose(Runnable action) {
        this.onClose = action;
    }

    /** @return false when the client has gone (the stream is then closed) */
    synchronized boolean send(EventRelay.Item item) {
        try {
            return write(sse.newEventBuilder().id(Long.toString(item.id())).name(item.type())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, json.writeValueAsString(item.data())).build());
        } catch (JsonProcessingException e) {
            return true; // an event that cannot be shown is skipped, the stream goes on
        }
    }

    /** A comment line that keeps proxies from closing an idle stream, and finds clients that left. */
    synchronized boolean ping() {
        return write(sse.newEventBuilder().comment("keep-alive").build());
    }

    private boolean write(javax.ws.rs.sse.OutboundSseEvent event) {
        if (sink.isClosed()) {
            close();
            return false;
        }
        try {
            sink.send(event).toCompletableFuture().join();
            return true;
        } catch (RuntimeException gone) {
            close();
            return false;
        }
    }

    synchronized void close() {
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
        onClose.run();
    }

    boolean closed() {
        return sink.isClosed();
    }
}
