package org.nubis.rest;

import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.event.NubisEvents;
import org.nubis.rest.openapi.Doc;

/** The long operations that requests started: poll, wait for, stream, cancel; fetched files. */
@Path("operations")
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {

    static final int MAX_WAIT_SECONDS = 60;
    private final Operations operations;
    private final EventsResource events;

    OperationsResource(Operations operations, EventsResource events) {
        this.operations = operations;
        this.events = events;
    }

    @GET
    @Doc("Operations, newest first")
    public Page<Operation> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(operations.list(), offset, limit);
    }

    @GET
    @Path("{id}")
    @Doc("One operation; with ?wait=SECONDS (up to 60) the answer comes as soon as it finishes")
    public Operation get(@PathParam("id") String id, @QueryParam("wait") Integer wait) throws InterruptedException {
        OperationRecord op = operations.find(id);
        if (wait != null) {
            if (wait < 0 || wait > MAX_WAIT_SECONDS) {
                throw new InvalidRequestException("wait is 0 to " + MAX_WAIT_SECONDS + " seconds, not " + wait);
            }
            op.await(wait * 1000L);
        }
        return op.view();
    }

    @POST
    @Path("{id}/cancel")
    @Doc("Cancel an operation; it stops at its next interruptible step")
    public Operation cancel(@PathParam("id") String id) {
        return operations.cancel(id);
    }

    @GET
    @Path("{id}/files/{instance}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Doc(value = "A file that a fetch operation brought back from an instance", produces = MediaType.APPLICATION_OCTET_STREAM,
            returns = byte[].class)
    public Response file(@PathParam("id") String id, @PathParam("instance") String instance) {
        OperationRecord op = operations.find(id);
        java.nio.file.Path file = op.files() == null ? null : FetchedFiles.of(op).get(instance);
        if (file == null || !Files.isRegularFile(file)) {
            throw new NotFoundException("operation " + id + " has no file from instance '" + instance + "'"
                    + (op.finished() ? "" : " yet: it is still running"));
        }
        return Response.ok(file.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + instance + "\"").build();
    }

    /** As for {@code HEAD /events}: the headers, without a stream that would keep the request open. */
    @HEAD
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Doc(value = "One operation's event stream's headers, without the stream", produces = MediaType.SERVER_SENT_EVENTS)
    public Response streamHead(@PathParam("id") String id) {
        operations.find(id);
        return Response.ok().type(MediaType.SERVER_SENT_EVENTS_TYPE).build();
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Doc(value = "Stream one operation's events; the stream ends after operation.finished", produces = MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        OperationRecord op = operations.find(id);
        SseStream stream = events.stream(i -> id.equals(EventsResource.operationId(i)), sink, sse, null,
                i -> "operation.finished".equals(i.type()));
        if (op.finished()) {
            // it ended before (or while) we subscribed: say how, and end the stream
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("type", "operation.finished");
            data.put("time", Instant.now());
            data.put(NubisEvents.OPERATION, op.view());
            stream.send(new EventRelay.Item(0, "operation.finished", data));
            stream.close();
        }
    }
}
