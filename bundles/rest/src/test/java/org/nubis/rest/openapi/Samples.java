package org.nubis.rest.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.sse.SseEventSink;

/** Small resources and records in the styles of the Nubis API; not the real resources, which keep changing. */
final class Samples {

    private Samples() {
    }

    static final List<Class<?>> RESOURCES = List.of(ThingsResource.class, GadgetsResource.class);

    enum ThingState { PENDING, SETTING_UP, RUNNING }

    /** Like org.nubis.rest.Page. */
    record Page<T>(List<T> items, int offset, int limit, long total) {
    }

    record Thing(String id, ThingState state, Instant createdAt, Duration age, SortedSet<String> tags,
                 Map<String, String> labels, Optional<String> note, Thing parent, List<Thing> children, UUID uid,
                 JsonNode extra, int count, long size, double ratio, boolean on) {
    }

    record NewThing(String name, List<String> tags) {
    }

    record Operation(String id, ThingState state, Map<String, Object> result) {
    }

    record Result(String target, long bytes, Duration duration) {
    }

    static final class First {
        record Item(String a) {
        }
    }

    static final class Second {
        record Item(int b) {
        }
    }

    /** Two classes of one simple name. */
    record Gadget(String name, First.Item first, Second.Item second) {
    }

    /** A generic record that would grow without end if expanded naively. */
    record Nest<T>(T value, Nest<List<T>> deeper) {
    }

    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class ThingsResource {

        @GET
        @Path("things")
        @Doc(value = "List things", role = "viewer")
        public Page<Thing> list(@QueryParam("tag") List<String> tags, @QueryParam("offset") @DefaultValue("0") int offset,
                                @QueryParam("limit") @DefaultValue("100") int limit) {
            return null;
        }

        @GET
        @Path("/things/{id: [a-z]+}/")
        @Doc("One thing")
        public Thing get(@PathParam("id") String id) {
            return null;
        }

        @POST
        @Path("things")
        @Doc(value = "Create a thing", status = 201, role = "operator")
        public Thing create(NewThing body) {
            return null;
        }

        @POST
        @Path("things/{id}/start")
        @Doc(value = "Start a thing", status = 202, returns = Operation.class)
        public Response start(@PathParam("id") String id) {
            return null;
        }

        @PUT
        @Path("things/{id}/files")
        @Consumes(MediaType.APPLICATION_OCTET_STREAM)
        @Doc(value = "Upload a file", status = 202, returns = Result.class, returnsList = true)
        public Response upload(@PathParam("id") String id, @QueryParam("path") String path, InputStream data) {
            return null;
        }

        @GET
        @Path("things/{id}/inventory")
        @Doc(value = "Inventory", produces = "text/plain")
        public Response inventory(@PathParam("id") String id) {
            return null;
        }

        @GET
        @Path("things/{id}/events")
        @Produces(MediaType.SERVER_SENT_EVENTS)
        @Doc("Events of a thing")
        public void events(@PathParam("id") String id, @Context SseEventSink sink) {
        }

        @GET
        @Path("ping")
        @Produces(MediaType.TEXT_PLAIN)
        @Doc(value = "Ping", publicAccess = true)
        public String ping() {
            return "pong";
        }

        /** Deliberately without @Doc. */
        @DELETE
        @Path("things/{id}")
        public void remove(@PathParam("id") String id) {
        }

        @Path("things/{id}/parts")
        public PartsResource parts(@PathParam("id") String id) {
            return new PartsResource();
        }

        @GET
        @Path("nests")
        @Doc("Nests")
        public Nest<String> nest() {
            return null;
        }
    }

    /** Reached through a sub-resource locator. */
    public static class PartsResource {

        @GET
        @Doc("Parts")
        public List<First.Item> list() {
            return null;
        }

        @GET
        @Path("{part}")
        @Doc("One part")
        public Optional<Second.Item> get(@PathParam("part") int part) {
            return Optional.empty();
        }
    }

    @Path("/gadgets/")
    public static class GadgetsResource {

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        @Doc("All gadgets by name")
        public Map<String, Gadget> all() {
            return null;
        }

        @GET
        @Path("page")
        @Produces(MediaType.APPLICATION_JSON)
        @Doc("A page of gadgets")
        public Page<Gadget> page() {
            return null;
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        @Doc(value = "Make a gadget", status = 201)
        public Gadget make(@HeaderParam("X-Request-Id") String requestId, Gadget gadget) {
            return null;
        }

        @POST
        @Path("notes")
        @Doc("Take a note")
        public CompletionStage<String> note(String text) {
            return null;
        }
    }
}
