package org.nubis.rest;

import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.nubis.rest.openapi.Doc;

/** Whether the API answers: for scripts that wait for Nubis, load balancers and probes. No login, no service work. */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private static final Map<String, String> UP = Map.of("status", "up");

    @GET
    @Doc(value = "The API is up (no login)", publicAccess = true)
    public Map<String, String> health() {
        return UP;
    }
}
