package org.nubis.rest.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.0.3 description of the Nubis REST API, made from the resource classes themselves (through
 * Jersey's resource model and {@link Doc}), so that it cannot drift from what the server does.
 */
public final class OpenApiDocument {

    private OpenApiDocument() {
    }

    /**
     * @param resourceClasses the JAX-RS resource classes, as registered
     * @param serverBasePath  where the API is served, e.g. {@code /nubis/api/v1}
     * @param mapper          the API's own mapper: it makes the nodes and knows how enums are written
     */
    public static ObjectNode build(List<Class<?>> resourceClasses, String serverBasePath, ObjectMapper mapper) {
        SchemaFactory schemas = new SchemaFactory(mapper);
        BodyFactory bodies = new BodyFactory(schemas, mapper);
        schemas.define(BodyFactory.ERROR, bodies.errorSchema());
        OperationFactory operations = new OperationFactory(mapper, new ParameterFactory(schemas, mapper), bodies);

        ObjectNode document = mapper.createObjectNode().put("openapi", "3.0.3");
        document.putObject("info").put("title", "Nubis REST API").put("version", "v1");
        document.putArray("servers").addObject().put("url", serverBasePath == null ? "/" : serverBasePath);
        ArrayNode security = document.putArray("security");
        security.addObject().putArray("basic");
        security.addObject().putArray("bearer");

        Map<String, ObjectNode> paths = new TreeMap<>();
        for (Endpoint endpoint : ResourceWalker.endpoints(resourceClasses)) {
            ObjectNode item = paths.computeIfAbsent(endpoint.path(), p -> mapper.createObjectNode());
            String verb = endpoint.httpMethod().toLowerCase(Locale.ROOT);
            // JAX-RS may serve one path and method with several Java methods (by media type); OpenAPI has room
            // for one, and the first keeps it.
            if (!item.has(verb)) {
                item.set(verb, operations.operation(endpoint));
            }
        }
        paths.forEach(document.putObject("paths")::set);

        ObjectNode components = document.putObject("components");
        components.set("schemas", schemas.components());
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("basic").put("type", "http").put("scheme", "basic")
                .put("description", "A user of Karaf's JAAS realm (etc/users.properties)");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "A token from POST /auth/token");
        return document;
    }

    /** {@code "GET /path"} of every resource method without {@link Doc}, for a test that wants them all documented. */
    public static List<String> undocumented(List<Class<?>> resourceClasses) {
        return ResourceWalker.endpoints(resourceClasses).stream().filter(e -> e.doc() == null).map(Endpoint::key)
                .distinct().toList();
    }
}
