package org.nubis.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterService;

/** Clusters, read-only for now: their state and nodes. */
@Path("clusters")
@Produces(MediaType.APPLICATION_JSON)
public class ClustersResource {

    private final ClusterService clusters;

    ClustersResource(ClusterService clusters) {
        this.clusters = clusters;
    }

    @GET
    public List<Cluster> list() {
        return clusters.clusters();
    }

    @GET
    @Path("{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster", clusters.cluster(name));
        out.put("nodes", clusters.nodes(name));
        return out;
    }
}
