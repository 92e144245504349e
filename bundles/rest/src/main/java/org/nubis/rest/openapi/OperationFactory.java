package org.nubis.rest.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;

/** One OpenAPI operation per endpoint: names and words here, parameters and bodies from their factories. */
final class OperationFactory {

    private final ObjectMapper mapper;
    private final ParameterFactory parameters;
    private final BodyFactory bodies;
    private final Set<String> operationIds = new HashSet<>();

    OperationFactory(ObjectMapper mapper, ParameterFactory parameters, BodyFactory bodies) {
        this.mapper = mapper;
        this.parameters = parameters;
        this.bodies = bodies;
    }

    ObjectNode operation(Endpoint endpoint) {
        Doc doc = endpoint.doc();
        Method method = endpoint.javaMethod();
        ObjectNode operation = mapper.createObjectNode();
        operation.putArray("tags").add(tag(endpoint.resourceClass()));
        operation.put("summary", doc != null ? doc.value() : readable(method.getName()));
        String description = description(doc);
        if (!description.isEmpty()) {
            operation.put("description", description);
        }
        operation.put("operationId", operationId(endpoint));
        ArrayNode parameterList = parameters.parameters(endpoint);
        if (!parameterList.isEmpty()) {
            operation.set("parameters", parameterList);
        }
        ObjectNode requestBody = bodies.requestBody(endpoint);
        if (requestBody != null) {
            operation.set("requestBody", requestBody);
        }
        operation.set("responses", bodies.responses(endpoint));
        if (doc != null && doc.publicAccess()) {
            operation.putArray("security"); // empty: overrides the document's login requirement
        }
        if (doc != null && !doc.role().isEmpty()) {
            operation.put("x-nubis-role", doc.role());
        }
        if (method.isAnnotationPresent(Deprecated.class)) {
            operation.put("deprecated", true);
        }
        return operation;
    }

    /** The class name without "Resource": {@code ExperimentsResource} → {@code Experiments}. */
    static String tag(Class<?> resourceClass) {
        String name = resourceClass.getSimpleName();
        String tag = name.endsWith("Resource") ? name.substring(0, name.length() - "Resource".length()) : name;
        return tag.isEmpty() ? name : tag;
    }

    /** {@code experiments_provision}; clients generate method names from it, so it must be unique. */
    private String operationId(Endpoint endpoint) {
        String tag = tag(endpoint.resourceClass());
        String base = Character.toLowerCase(tag.charAt(0)) + tag.substring(1) + "_" + endpoint.javaMethod().getName();
        String id = base;
        for (int n = 2; !operationIds.add(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    private static String description(Doc doc) {
        if (doc == null) {
            return "";
        }
        String role = doc.role().isEmpty() ? "" : "Needs the " + doc.role() + " role.";
        if (doc.description().isEmpty()) {
            return role;
        }
        return role.isEmpty() ? doc.description() : doc.description() + "\n\n" + role;
    }

    /** {@code awaitReady} → {@code Await ready}: a summary for methods nobody documented yet. */
    static String readable(String methodName) {
        StringBuilder out = new StringBuilder();
        for (char c : methodName.toCharArray()) {
            if (Character.isUpperCase(c) && out.length() > 0) {
                out.append(' ').append(Character.toLowerCase(c));
            } else {
                out.append(out.length() == 0 ? Character.toUpperCase(c) : c);
            }
        }
        return out.toString();
    }
}
