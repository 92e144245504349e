package org.nubis.rest;

import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.ProviderInfo;

/** Provider types deployed now, configured clouds, and what a cloud itself reports. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class CloudsResource {

    private final CloudRegistry clouds;

    CloudsResource(CloudRegistry clouds) {
        this.clouds = clouds;
    }

    @GET
    @Path("providers")
    public List<ProviderInfo> providers() {
        return clouds.providers();
    }

    @GET
    @Path("clouds")
    public List<CloudInfo> clouds() {
        return clouds.clouds();
    }

    @GET
    @Path("clouds/{cloud}/instances")
    public List<CloudInstance> instances(@PathParam("cloud") String cloud) {
        return clouds.connection(cloud).describe(Map.of());
    }
}
