package org.nubis.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.event.NubisEvents;
import org.nubis.rest.openapi.Doc;

/** Progress and state changes as Server-Sent Events, filtered by type, cluster or operation. */
@Path("events")
public class EventsResource implements AutoCloseable {

    static final Set<String> TYPES = Set.of("cluster.phase", "cluster.node", "cluster.output", "operation.progress",
            "operation.finished");
    private final EventRelay relay;
    private final ObjectMapper json;
    private final List<SseStream> open = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nubis-sse-keepalive");
        t.setDaemon(true);
        return t;
    });

    EventsResource(EventRelay relay, ObjectMapper json) {
        this.relay = relay;
        this.json = json;
        keepAlive.scheduleWithFixedDelay(() -> open.removeIf(s -> !s.ping()), 15, 15, TimeUnit.SECONDS);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Doc(value = "Stream events (cluster.phase, cluster.node, cluster.output, operation.progress, operation.finished)",
            produces = MediaType.SERVER_SENT_EVENTS)
    public void events(@QueryParam("type") List<String> types, @QueryParam("cluster") String cluster,
                       @QueryParam("operation") String operation, @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        for (String t : types) {
            if (!TYPES.contains(t)) {
                throw new InvalidRequestException("unknown event type '" + t + "'; use " + String.join(", ", TYPES.stream().sorted().toList()));
            }
        }
        Predicate<EventRelay.Item> filter = i -> (types.isEmpty() || types.contains(i.type()))
                && (cluster == null || cluster.equals(i.data().get(NubisEvents.CLUSTER)))
                && (operation == null || operation.equals(operationId(i)));
        stream(filter, sink, sse, lastId(lastEventId), null);
    }

    /**
     * A HEAD of the stream answers its headers and ends. Without it JAX-RS runs the GET for a HEAD,
     * and a stream that never ends kept the request open for ever.
     */
    @HEAD
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Doc(value = "The event stream's headers, without the stream", produces = MediaType.SERVER_SENT_EVENTS)
    public Response head() {
        return Response.ok().type(MediaType.SERVER_SENT_EVENTS_TYPE).build();
    }

    /**
     * Opens a stream; {@code last} (optional) is a final event after which the stream closes.
     *
     * @return the stream
     */
    SseStream stream(Predicate<EventRelay.Item> filter, SseEventSink sink, Sse sse, Long lastId,
                     Predicate<EventRelay.Item> last) {
        SseStream s = new SseStream(sink, sse, json);
        open.add(s);
        Runnable end = relay.subscribe(filter, item -> {
            boolean alive = s.send(item);
            if (alive && last != null && last.test(item)) {
                s.close();
                return false;
            }
            return alive;
        }, lastId);
        s.onClose(() -> {
            end.run();
            open.remove(s);
        });
        return s;
    }

    static String operationId(EventRelay.Item i) {
        return i.data().get(NubisEvents.OPERATION) instanceof Operation op ? op.id() : null;
    }

    private static Long lastId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Last-Event-ID must be the id of an event from this stream, not '" + header + "'");
        }
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
        open.forEach(SseStream::close);
    }

}
