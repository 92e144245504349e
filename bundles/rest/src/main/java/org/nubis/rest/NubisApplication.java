package org.nubis.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import java.util.List;
import org.glassfish.jersey.media.sse.SseFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.nubis.json.NubisJson;
import org.nubis.rest.openapi.OpenApiResource;

/** The resources, JSON, authentication and the error contract of the API. */
final class NubisApplication extends ResourceConfig {

    static final String BASE_PATH = "/nubis/api/v1";
    /** Every resource class: the OpenAPI document describes exactly these. */
    static final List<Class<?>> RESOURCES = List.of(AuthResource.class, CloudsResource.class, ExperimentsResource.class,
            ClustersResource.class, OperationsResource.class, EventsResource.class, HealthResource.class, OpenApiResource.class);

    NubisApplication(Services services, Operations operations, EventsResource events, Limits limits) {
        ObjectMapper json = json();
        register(new JacksonJsonProvider(json));
        register(new ErrorMapper());
        register(new UnreadableBodies());
        register(new Authentication("karaf", services.keys(), limits.logins()));
        register(new PageLinks());
        register(SseFeature.class);
        register(new AuthResource(services.keys(), limits.logins()));
        register(new CloudsResource(services.clouds(), services.cloudConfigurations()));
        register(new ExperimentsResource(services.experiments(), operations, limits.uploads()));
        register(new ClustersResource(services.clusters(), services.templates(), operations));
        register(new OperationsResource(operations, events));
        register(events);
        register(new HealthResource());
        register(OpenApiResource.of(RESOURCES, BASE_PATH, json));
        // Jersey's own error pages would be HTML; every answer here is JSON.
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }

    /** Nubis's JSON dialect, the same the shell prints and the Java client reads. */
    static ObjectMapper json() {
        return NubisJson.mapper();
    }
}
