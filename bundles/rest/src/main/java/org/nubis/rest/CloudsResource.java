package org.nubis.rest;

import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.auth.Role;
import org.nubis.api.cloud.CloudConfigurations;
import org.nubis.api.cloud.CloudDetails;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.ProviderInfo;
import org.nubis.api.cloud.SupportResources;
import org.nubis.api.cloud.SupportResources.SupportResource;
import org.nubis.rest.openapi.Doc;

/** Provider types deployed now; clouds (defined by admins, credentials write-only); what a cloud itself reports. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CloudsResource {

    /** A cloud's definition: provider type, plain settings, credentials (encrypted at rest, never shown). */
    public record CloudDefinition(String type, Map<String, String> settings, Map<String, String> credentials) {
        @Override
        public String toString() {
            return "CloudDefinition[type=" + type + ", settings=" + settings + ", credentials="
                    + (credentials == null ? null : credentials.keySet()) + "]";
        }
    }

    private final CloudRegistry registry;
    private final CloudConfigurations clouds;

    CloudsResource(CloudRegistry registry, CloudConfigurations clouds) {
        this.registry = registry;
        this.clouds = clouds;
    }

    @GET
    @Path("providers")
    @Doc("Provider types deployed now")
    public Page<ProviderInfo> providers(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(registry.providers(), offset, limit);
    }

    @GET
    @Path("clouds")
    @Doc("Configured clouds (credentials by name only)")
    public Page<CloudDetails> clouds(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return Page.of(clouds.clouds(), offset, limit);
    }

    @GET
    @Path("clouds/{name}")
    @Doc("A configured cloud (credentials by name only)")
    public CloudDetails cloud(@PathParam("name") String name) {
        return clouds.cloud(name);
    }

    @PUT
    @Path("clouds/{name}")
    @Needs(Role.ADMIN)
    @Doc(value = "Define or change a cloud; credentials not sent are kept, a null one is removed", returns = CloudDetails.class)
    public Response define(@PathParam("name") String name, CloudDefinition body) {
        if (body == null || body.type() == null) {
            throw new InvalidRequestException("send {\"type\": ..., \"settings\": {...}, \"credentials\": {...}}; "
                    + "GET /providers lists the types");
        }
        boolean created = clouds.define(name, body.type(), body.settings(), body.credentials());
        return Response.status(created ? 201 : 200).entity(clouds.cloud(name)).build();
    }

    @DELETE
    @Path("clouds/{name}")
    @Needs(Role.ADMIN)
    @Doc(value = "Remove a cloud that nothing uses any more", status = 204)
    public Response remove(@PathParam("name") String name) {
        clouds.remove(name);
        return Response.noContent().build();
    }

    @GET
    @Path("clouds/{name}/resources")
    @Doc("What Nubis made on the cloud besides instances (key pairs, security groups), and whether instances use them")
    public Page<SupportResource> resources(@PathParam("name") String name, @QueryParam("offset") Integer offset,
                                           @QueryParam("limit") Integer limit) {
        return Page.of(registry.connection(name) instanceof SupportResources s ? s.supportResources() : List.of(),
                offset, limit);
    }

    @POST
    @Path("clouds/{name}/resources/remove-unused")
    @Needs(Role.ADMIN)
    @Doc("Delete the key pairs and security groups that Nubis made and no instance uses; answers what was deleted")
    public List<SupportResource> removeUnused(@PathParam("name") String name) {
        return registry.connection(name) instanceof SupportResources s ? s.removeUnusedSupportResources() : List.of();
    }

    @GET
    @Path("clouds/{name}/instances")
    @Doc("What the cloud itself reports: every instance it has, with its tags")
    public Page<CloudInstance> instances(@PathParam("name") String name, @QueryParam("offset") Integer offset,
                                         @QueryParam("limit") Integer limit) {
        return Page.of(registry.connection(name).describe(Map.of()), offset, limit);
    }
}
