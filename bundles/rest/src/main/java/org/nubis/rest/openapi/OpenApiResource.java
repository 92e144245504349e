package org.nubis.rest.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** {@code GET /openapi.json}: the API's own description, open to all so that clients can be generated. */
@Path("openapi.json")
public class OpenApiResource {

    private final List<Class<?>> resourceClasses;
    private final String basePath;
    private final ObjectMapper mapper;
    private volatile ObjectNode document;

    /**
     * @param resourceClasses the API's resource classes; this one is added if missing
     * @param basePath        where the API is served, e.g. {@code /nubis/api/v1}
     * @param mapper          the API's JSON mapper (its enum labels go into the document)
     */
    public static OpenApiResource of(List<Class<?>> resourceClasses, String basePath, ObjectMapper mapper) {
        return new OpenApiResource(resourceClasses, basePath, mapper);
    }

    // Not public: Jersey checks a resource's public constructors for injection, and warns at every
    // start that it cannot inject these parameters, though the instance is given to it ready made.
    OpenApiResource(List<Class<?>> resourceClasses, String basePath, ObjectMapper mapper) {
        List<Class<?>> all = new ArrayList<>(resourceClasses);
        if (!all.contains(OpenApiResource.class)) {
            all.add(OpenApiResource.class);
        }
        this.resourceClasses = List.copyOf(all);
        this.basePath = basePath;
        this.mapper = mapper;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Doc(value = "This OpenAPI document", publicAccess = true,
            description = "OpenAPI 3.0.3, made from the resource classes at the first request.")
    public ObjectNode document() {
        // Built lazily, once: the classes do not change while the bundle runs. Callers only read it.
        ObjectNode built = document;
        if (built == null) {
            synchronized (this) {
                built = document;
                if (built == null) {
                    built = OpenApiDocument.build(resourceClasses, basePath, mapper);
                    document = built;
                }
            }
        }
        return built;
    }
}
