package org.nubis.rest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterDetails;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.ClusterTemplates;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.machine.Machine;
import org.nubis.rest.openapi.Doc;

/** Clusters: create from a template, start, set up, resize, stop, delete; their nodes and inventory. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClustersResource {

    /** Request bodies. */
    public record NewCluster(String name, String template, Map<String, String> overrides) {
    }

    public record Start(Integer minNodes, Integer timeoutSeconds) {
    }

    public record Resize(String kind, Integer delta) {
    }

    /** A cluster with its nodes. */
    /** A template as listed: its cloud and how many nodes of each kind it starts. */
    public record Template(String name, String cloud, Map<String, Integer> kinds) {
    }

    private final ClusterService clusters;
    private final ClusterTemplates templates;
    private final Operations operations;

    ClustersResource(ClusterService clusters, ClusterTemplates templates, Operations operations) {
        this.clusters = clusters;
        this.templates = templates;
        this.operations = operations;
    }

    @GET
    @Path("clusters")
    @Doc("Clusters")
    public Page<Cluster> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(clusters.clusters(), offset, limit);
    }

    @POST
    @Path("clusters")
    @Doc(value = "Create a cluster from a template (not started yet)", status = 201, returns = Cluster.class)
    public Response create(NewCluster body) {
        if (body == null || body.name() == null || body.template() == null) {
            throw new InvalidRequestException("send {\"name\": ..., \"template\": ...} (and optionally overrides: {\"key\": \"value\"}); "
                    + "GET /templates lists the templates");
        }
        return Response.status(201).entity(clusters.create(body.name(), body.template(),
                body.overrides() == null ? Map.of() : body.overrides())).build();
    }

    @GET
    @Path("clusters/{name}")
    @Doc("A cluster and its nodes")
    public ClusterDetails get(@PathParam("name") String name) {
        return new ClusterDetails(clusters.cluster(name), clusters.nodes(name));
    }

    @GET
    @Path("clusters/{name}/nodes")
    @Doc("A cluster's nodes")
    public Page<Machine> nodes(@PathParam("name") String name, @QueryParam("offset") Integer offset,
                            @QueryParam("limit") Integer limit) {
        return Page.of(clusters.nodes(name), offset, limit);
    }

    @GET
    @Path("clusters/{name}/inventory")
    @Produces(MediaType.TEXT_PLAIN)
    @Doc(value = "The cluster as an Ansible inventory", produces = MediaType.TEXT_PLAIN)
    public String inventory(@PathParam("name") String name) {
        return clusters.inventory(name);
    }

    @POST
    @Path("clusters/{name}/start")
    @Doc(value = "Start the cluster: launch its nodes, wait for them, set them up", status = 202, returns = Operation.class)
    public Response start(@PathParam("name") String name, Start body, @Context SecurityContext who, @Context UriInfo uri) {
        clusters.cluster(name);
        StartOptions options = body == null ? StartOptions.all() : new StartOptions(body.minNodes(),
                body.timeoutSeconds() == null ? null : Duration.ofSeconds(body.timeoutSeconds()));
        return run("cluster.start", name, who, uri, op -> clusters.start(name, options, progress(op)));
    }

    @POST
    @Path("clusters/{name}/setup")
    @Doc(value = "Set up the cluster's nodes again", status = 202, returns = Operation.class)
    public Response setup(@PathParam("name") String name, @Context SecurityContext who, @Context UriInfo uri) {
        clusters.cluster(name);
        return run("cluster.setup", name, who, uri, op -> clusters.setup(name, progress(op)));
    }

    @POST
    @Path("clusters/{name}/resize")
    @Doc(value = "Add (delta > 0) or remove (delta < 0) nodes of a kind", status = 202, returns = Operation.class)
    public Response resize(@PathParam("name") String name, Resize body, @Context SecurityContext who, @Context UriInfo uri) {
        if (body == null || body.kind() == null || body.delta() == null || body.delta() == 0) {
            throw new InvalidRequestException("send {\"kind\": ..., \"delta\": N} with N nodes to add, or -N to remove");
        }
        clusters.cluster(name);
        return run("cluster.resize", name, who, uri, op -> clusters.resize(name, body.kind(), body.delta(), progress(op)));
    }

    @POST
    @Path("clusters/{name}/stop")
    @Doc(value = "Stop the cluster: destroy its nodes, keep its record", status = 202, returns = Operation.class)
    public Response stop(@PathParam("name") String name, @Context SecurityContext who, @Context UriInfo uri) {
        clusters.cluster(name);
        return run("cluster.stop", name, who, uri, op -> clusters.stop(name, progress(op)));
    }

    @DELETE
    @Path("clusters/{name}")
    @Doc(value = "Stop the cluster if needed, then delete it", status = 202, returns = Operation.class)
    public Response delete(@PathParam("name") String name, @Context SecurityContext who, @Context UriInfo uri) {
        clusters.cluster(name);
        return run("cluster.delete", name, who, uri, op -> {
            if (clusters.nodes(name).stream().anyMatch(n -> n.state() != InstanceState.TERMINATED)) {
                clusters.stop(name, progress(op));
            }
            clusters.delete(name);
            return null;
        });
    }

    @GET
    @Path("templates")
    @Doc("Cluster templates (etc/nubis/clusters/*.yaml)")
    public Page<Template> templates(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(templates.templates().stream().map(t -> new Template(t.name(), t.cloud(),
                t.kinds().values().stream().collect(java.util.stream.Collectors.toMap(k -> k.name(), k -> k.count(),
                        (a, b) -> a, java.util.LinkedHashMap::new)))).toList(),
                offset, limit);
    }

    private Response run(String kind, String name, SecurityContext who, UriInfo uri, OperationRecord.Work work) {
        return Accepted.of(operations.start(kind, "clusters/" + name, who.getUserPrincipal().getName(), false, work), uri);
    }

    private <R> Progress<R> progress(OperationRecord op) {
        return (result, done, total) -> operations.progress(op, done, total);
    }
}
