package org.nubis.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.Progress;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.experiment.ExperimentDetails;
import org.nubis.api.experiment.ExperimentService;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.TransferResult;
import org.nubis.rest.openapi.Doc;

/**
 * Experiments and their operations. Tags select instances as in the shell: all of them must
 * match. Everything that talks to clouds or instances runs as an operation (202).
 */
@Path("experiments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ExperimentsResource {

    /** Request bodies. */
    public record NewExperiment(String name) {
    }

    public record Provision(String cloud, String image, String flavor, Integer count, List<String> tags, String userData) {
    }

    public record Wait(List<String> tags, Integer timeoutSeconds) {
    }

    public record Run(String command, List<String> tags, String user, Boolean checkExitCode) {
    }

    public record Selection(List<String> tags) {
    }

    public record Fetch(String path, List<String> tags, String user) {
    }

    /** An experiment with its instances. */
    private final ExperimentService experiments;
    private final Operations operations;
    private final UploadLimit uploads;

    ExperimentsResource(ExperimentService experiments, Operations operations, UploadLimit uploads) {
        this.uploads = uploads;
        this.experiments = experiments;
        this.operations = operations;
    }

    @GET
    @Doc("Experiments")
    public Page<Experiment> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(experiments.experiments(), offset, limit);
    }

    @POST
    @Doc(value = "Create an experiment", status = 201, returns = Experiment.class)
    public Response create(NewExperiment body) {
        if (body == null || body.name() == null) {
            throw new InvalidRequestException("send {\"name\": \"...\"}");
        }
        return Response.status(201).entity(experiments.create(body.name())).build();
    }

    @GET
    @Path("{name}")
    @Doc("An experiment and its instances")
    public ExperimentDetails get(@PathParam("name") String name) {
        Experiment e = experiments.experiment(name);
        return new ExperimentDetails(e.name(), e.createdAt(), experiments.list(name, Set.of()));
    }

    @DELETE
    @Path("{name}")
    @Doc(value = "Deprovision everything and forget the experiment", status = 202, returns = Operation.class)
    public Response destroy(@PathParam("name") String name, @Context SecurityContext who, @Context UriInfo uri) {
        experiments.experiment(name);
        return start("experiment.destroy", name, who, uri, false, op -> {
            experiments.destroy(name);
            return null;
        });
    }

    @GET
    @Path("{name}/instances")
    @Doc("Instances of an experiment, those with all the given tags")
    public Page<Machine> instances(@PathParam("name") String name, @QueryParam("tag") List<String> tags,
                                    @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(experiments.list(name, tags(tags)), offset, limit);
    }

    @POST
    @Path("{name}/provision")
    @Doc(value = "Provision instances; the result lists them", status = 202, returns = Operation.class)
    public Response provision(@PathParam("name") String name, Provision body, @Context SecurityContext who,
                              @Context UriInfo uri) {
        Provision p = body == null ? new Provision(null, null, null, null, null, null) : body;
        ProvisionRequest request = new ProvisionRequest(p.cloud(), p.image(), p.flavor(), p.count() == null ? 1 : p.count(),
                tags(p.tags()), p.userData());
        // checked now, so that the caller gets a 4xx at once rather than a failed operation later
        experiments.checkProvision(name, request);
        return start("experiment.provision", name, who, uri, false, op -> experiments.provision(name, request));
    }

    @POST
    @Path("{name}/wait")
    @Doc(value = "Wait until the instances answer SSH", status = 202, returns = Operation.class)
    public Response awaitReady(@PathParam("name") String name, Wait body, @Context SecurityContext who,
                               @Context UriInfo uri) {
        Wait w = body == null ? new Wait(null, null) : body;
        // A wait sent right after a provision is for the instances that provision makes: it waits for
        // the provisions accepted before it to record them (within its own time limit), then for all.
        List<OperationRecord> provisions = operations.unfinished("experiment.provision", "experiments/" + name);
        if (provisions.isEmpty()) {
            experiments.recorded(name, tags(w.tags()));
        } else {
            experiments.experiment(name);
            tags(w.tags()); // the instances with these tags may be the provisions' own: checked after them
        }
        if (w.timeoutSeconds() != null && w.timeoutSeconds() <= 0) {
            throw new InvalidRequestException("timeoutSeconds must be positive, not " + w.timeoutSeconds());
        }
        Duration timeout = w.timeoutSeconds() == null ? null : Duration.ofSeconds(w.timeoutSeconds());
        return start("experiment.wait", name, who, uri, false, op -> {
            Duration left = afterEach(provisions, timeout);
            return experiments.awaitReady(name, tags(w.tags()), left, progress(op));
        });
    }

    /** Without a time limit, how long a wait waits for the provisions before it (they are bounded by their clouds). */
    private static final Duration PROVISIONS_AT_MOST = Duration.ofHours(1);

    /** Waits until these operations finish; the time that is left of {@code limit} (null: no limit). */
    private static Duration afterEach(List<OperationRecord> ops, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long budget = (limit == null ? PROVISIONS_AT_MOST : limit).toMillis();
        for (OperationRecord op : ops) {
            long left = budget - (System.nanoTime() - start) / 1_000_000;
            if (left <= 0) {
                break;
            }
            op.await(left);
        }
        // What is left of the limit, and at least a millisecond: the wait then looks once and says what is not ready.
        return limit == null ? null : Duration.ofMillis(Math.max(1, limit.toMillis() - (System.nanoTime() - start) / 1_000_000));
    }

    @POST
    @Path("{name}/run")
    @Doc(value = "Run a command on the instances, in parallel; the result has each one's output. With "
            + "?wait=SECONDS (up to 60) the answer is the finished operation (200) if it ends within that time",
            status = 202, alsoStatus = 200, returns = Operation.class)
    public Response run(@PathParam("name") String name, @QueryParam("wait") Integer wait, Run body,
                        @Context SecurityContext who, @Context UriInfo uri) throws InterruptedException {
        if (body == null || body.command() == null || body.command().isBlank()) {
            throw new InvalidRequestException("send {\"command\": \"...\"} (and optionally tags, user, checkExitCode)");
        }
        long waitMillis = Accepted.waitMillis(wait);
        experiments.recorded(name, tags(body.tags()));
        return start("experiment.run", name, who, uri, false, waitMillis, op -> experiments.run(name, tags(body.tags()),
                body.command(), body.user(), body.checkExitCode() == null || body.checkExitCode(), progress(op)));
    }

    @PUT
    @Path("{name}/files")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Doc(value = "Copy the request body to a file on the instances; ?wait=SECONDS as for run", status = 202,
            alsoStatus = 200, returns = Operation.class)
    public Response put(@PathParam("name") String name, @QueryParam("path") String path, @QueryParam("tag") List<String> tags,
                        @QueryParam("user") String user, @QueryParam("wait") Integer wait, InputStream body,
                        @Context HttpHeaders headers, @Context SecurityContext who, @Context UriInfo uri)
            throws InterruptedException {
        if (path == null || path.isBlank()) {
            throw new InvalidRequestException("say where the file goes on the instances: ?path=REMOTE_PATH");
        }
        long waitMillis = Accepted.waitMillis(wait);
        experiments.recorded(name, tags(tags));
        java.nio.file.Path upload = receive(body, headers.getLength());
        try {
            return start("experiment.put", name, who, uri, false, waitMillis, op -> {
                try {
                    return experiments.put(name, tags(tags), upload, path, user, progress(op)).stream()
                            .map(t -> new TransferResult(t.targetId(), null, t.remotePath(), t.bytes(), t.duration(), t.error()))
                            .toList();
                } finally {
                    Files.deleteIfExists(upload);
                }
            });
        } catch (RuntimeException e) {
            deleteQuietly(upload);
            throw e;
        }
    }

    @POST
    @Path("{name}/fetch")
    @Doc(value = "Copy a file from the instances; each one's copy is then at operations/{id}/files/{instance}; "
            + "?wait=SECONDS as for run", status = 202, alsoStatus = 200, returns = Operation.class)
    public Response fetch(@PathParam("name") String name, @QueryParam("wait") Integer wait, Fetch body,
                          @Context SecurityContext who, @Context UriInfo uri) throws InterruptedException {
        if (body == null || body.path() == null || body.path().isBlank()) {
            throw new InvalidRequestException("send {\"path\": \"REMOTE_PATH\"} (and optionally tags, user)");
        }
        long waitMillis = Accepted.waitMillis(wait);
        experiments.recorded(name, tags(body.tags()));
        return start("experiment.fetch", name, who, uri, true, waitMillis, op -> experiments.get(name, tags(body.tags()), body.path(),
                op.files().resolve("fetched"), body.user(), progress(op)).stream()
                .map(t -> FetchedFiles.Fetched.of(t, op.files())).toList());
    }

    @POST
    @Path("{name}/deprovision")
    @Doc(value = "Destroy instances (those with all the given tags, or all)", status = 202, returns = Operation.class)
    public Response deprovision(@PathParam("name") String name, Selection body, @Context SecurityContext who,
                                @Context UriInfo uri) {
        Set<String> tags = tags(body == null ? null : body.tags());
        experiments.recorded(name, tags);
        return start("experiment.deprovision", name, who, uri, false, op -> experiments.deprovision(name, tags));
    }

    private Response start(String kind, String name, SecurityContext who, UriInfo uri, boolean files,
                           OperationRecord.Work work) {
        return Accepted.of(operations.start(kind, "experiments/" + name, who.getUserPrincipal().getName(), files, work), uri);
    }

    /** Starts the operation and answers it finished (200) if it ends within {@code waitMillis}, else 202. */
    private Response start(String kind, String name, SecurityContext who, UriInfo uri, boolean files, long waitMillis,
                           OperationRecord.Work work) throws InterruptedException {
        return Accepted.orFinished(operations.start(kind, "experiments/" + name, who.getUserPrincipal().getName(), files,
                work), waitMillis, uri);
    }

    private <R> Progress<R> progress(OperationRecord op) {
        return (result, done, total) -> operations.progress(op, done, total);
    }

    private java.nio.file.Path receive(InputStream body, long announced) {
        uploads.checkAnnounced(announced);
        java.nio.file.Path upload = null;
        try {
            upload = Files.createTempFile(operations.filesRoot(), "upload-", ".bin");
            uploads.copy(body == null ? InputStream.nullInputStream() : body, upload);
            return upload;
        } catch (IOException e) {
            deleteQuietly(upload);
            throw new UncheckedIOException("could not receive the upload", e);
        } catch (RuntimeException e) {
            deleteQuietly(upload);
            throw e;
        }
    }

    private static void deleteQuietly(java.nio.file.Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file; the next restart's clean-up removes it
        }
    }

    private static Set<String> tags(List<String> tags) {
        if (tags == null) {
            return Set.of();
        }
        if (tags.contains(null)) {
            throw new InvalidRequestException("tags must be strings, not null: send [\"worker\", ...] or leave tags out");
        }
        return Set.copyOf(tags);
    }
}
