package org.nubis.rest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.Progress;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.experiment.ExperimentService;
import org.nubis.api.experiment.Instance;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.ssh.CommandResult;

/** Experiments and their operations. Tags select instances as in the shell: all of them must match. */
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

    private final ExperimentService experiments;

    ExperimentsResource(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @GET
    public List<Experiment> list() {
        return experiments.experiments();
    }

    @POST
    public Response create(NewExperiment body) {
        if (body == null || body.name() == null) {
            throw new InvalidRequestException("send {\"name\": \"...\"}");
        }
        return Response.status(201).entity(experiments.create(body.name())).build();
    }

    @GET
    @Path("{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        Experiment e = experiments.experiment(name);
        out.put("name", e.name());
        out.put("createdAt", e.createdAt());
        out.put("instances", experiments.list(name, Set.of()));
        return out;
    }

    @DELETE
    @Path("{name}")
    public Response destroy(@PathParam("name") String name) {
        experiments.destroy(name);
        return Response.noContent().build();
    }

    @GET
    @Path("{name}/instances")
    public List<Instance> instances(@PathParam("name") String name, @QueryParam("tag") List<String> tags) {
        return experiments.list(name, tags(tags));
    }

    @POST
    @Path("{name}/provision")
    public Response provision(@PathParam("name") String name, Provision body) {
        Provision p = body == null ? new Provision(null, null, null, null, null, null) : body;
        List<Instance> created = experiments.provision(name, new ProvisionRequest(p.cloud(), p.image(), p.flavor(),
                p.count() == null ? 1 : p.count(), tags(p.tags()), p.userData()));
        return Response.status(201).entity(created).build();
    }

    @POST
    @Path("{name}/wait")
    public List<Instance> awaitReady(@PathParam("name") String name, Wait body) throws InterruptedException {
        Wait w = body == null ? new Wait(null, null) : body;
        return experiments.awaitReady(name, tags(w.tags()),
                w.timeoutSeconds() == null ? null : Duration.ofSeconds(w.timeoutSeconds()), Progress.none());
    }

    @POST
    @Path("{name}/run")
    public List<CommandResult> run(@PathParam("name") String name, Run body) throws InterruptedException {
        if (body == null || body.command() == null) {
            throw new InvalidRequestException("send {\"command\": \"...\"} (and optionally tags, user, checkExitCode)");
        }
        return experiments.run(name, tags(body.tags()), body.command(), body.user(),
                body.checkExitCode() == null || body.checkExitCode(), Progress.none());
    }

    @POST
    @Path("{name}/deprovision")
    public List<Instance> deprovision(@PathParam("name") String name, Selection body) {
        return experiments.deprovision(name, tags(body == null ? null : body.tags()));
    }

    private static Set<String> tags(List<String> tags) {
        return tags == null ? Set.of() : Set.copyOf(tags);
    }
}
