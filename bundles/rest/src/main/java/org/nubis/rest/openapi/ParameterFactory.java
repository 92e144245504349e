package org.nubis.rest.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.server.model.Parameter;

/** The path, query, header and cookie parameters of an operation. */
final class ParameterFactory {

    private final SchemaFactory schemas;
    private final ObjectMapper mapper;

    ParameterFactory(SchemaFactory schemas, ObjectMapper mapper) {
        this.schemas = schemas;
        this.mapper = mapper;
    }

    ArrayNode parameters(Endpoint endpoint) {
        ArrayNode out = mapper.createArrayNode();
        Map<String, String> variables = PathTemplates.variables(endpoint.template());
        Set<String> pathParameters = new HashSet<>();
        for (Parameter parameter : endpoint.method().getInvocable().getParameters()) {
            String in = switch (parameter.getSource()) {
                case PATH -> "path";
                case QUERY -> "query";
                case HEADER -> "header";
                case COOKIE -> "cookie";
                default -> null; // the entity is the request body; @Context and the like are no part of the request
            };
            if (in == null || parameter.getSourceName() == null) {
                continue;
            }
            ObjectNode schema = schemas.schemaFor(parameter.getType());
            if (in.equals("path")) {
                pathParameters.add(parameter.getSourceName());
                restrict(schema, variables.get(parameter.getSourceName()));
            }
            if (parameter.hasDefaultValue()) {
                schema = withDefault(schema, parameter.getDefaultValue());
            }
            out.add(parameter(in, parameter.getSourceName(), schema));
        }
        // OpenAPI wants every template variable declared, also those the class reads in a field or not at all.
        variables.forEach((name, regex) -> {
            if (!pathParameters.contains(name)) {
                ObjectNode schema = schemas.string(null);
                restrict(schema, regex);
                out.add(parameter("path", name, schema));
            }
        });
        return out;
    }

    private ObjectNode parameter(String in, String name, ObjectNode schema) {
        ObjectNode parameter = mapper.createObjectNode().put("name", name).put("in", in);
        if (in.equals("path")) {
            parameter.put("required", true);
        }
        parameter.set("schema", schema);
        return parameter;
    }

    /** The path template's regex as the schema's pattern; anchored since Jersey matches the whole segment. */
    private static void restrict(ObjectNode schema, String regex) {
        if (regex != null && "string".equals(schema.path("type").asText()) && !schema.has("format")) {
            schema.put("pattern", "^(?:" + regex + ")$");
        }
    }

    private ObjectNode withDefault(ObjectNode schema, String value) {
        if (schema.has("$ref")) {
            // In OpenAPI 3.0 a $ref hides its siblings, so the default goes next to it in an allOf.
            ObjectNode wrapper = mapper.createObjectNode();
            wrapper.putArray("allOf").add(schema);
            wrapper.put("default", value);
            return wrapper;
        }
        schema.set("default", typed(schema, value));
        return schema;
    }

    /** The @DefaultValue text as a value of the schema's type, so that the document stays valid. */
    private JsonNode typed(ObjectNode schema, String value) {
        try {
            return switch (schema.path("type").asText()) {
                case "integer" -> mapper.getNodeFactory().numberNode(Long.parseLong(value.trim()));
                case "number" -> mapper.getNodeFactory().numberNode(Double.parseDouble(value.trim()));
                case "boolean" -> mapper.getNodeFactory().booleanNode(Boolean.parseBoolean(value.trim()));
                case "array" -> mapper.createArrayNode().add(typed((ObjectNode) schema.path("items"), value));
                default -> mapper.getNodeFactory().textNode(value);
            };
        } catch (NumberFormatException | ClassCastException e) {
            return mapper.getNodeFactory().textNode(value);
        }
    }
}
