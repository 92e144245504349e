package org.nubis.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Malformed requests generated from the API's own OpenAPI document: for every operation, path
 * parameters that name nothing (traversal, shell syntax, NUL, Unicode, huge), methods the path does
 * not take, bodies of the wrong media type, bodies that are not JSON or not an object, unknown
 * fields, and each field of the body given the wrong JSON type, a null, or a value no name has.
 * Every one must be refused: none of them is a valid request, whatever the state of Nubis.
 */
final class BadRequests {

    /** One request: what it is (for the report), method, path and body as sent. */
    record Bad(String what, String method, String path, String body, String contentType) {
        @Override
        public String toString() {
            return method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path) + " (" + what + ")";
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Values that are no name of anything: path traversal, shell syntax, NUL, control characters, huge. */
    static final List<String> NO_NAMES = List.of("../../etc/passwd", "..", "$(id)", "`reboot`", "a;rm -rf /", "x\u0000y",
            "line\nbreak", "ünïcødé-😀", "<script>alert(1)</script>", "%00", "x".repeat(5000), "\\..\\..\\windows",
            "'; DROP TABLE experiments; --", "${jndi:ldap://x/a}", "a b", "-rf", "*", "?x", "#x");
    /** Body fields that name things (clouds, tags, experiments, roles...), whose values can be checked for a shape. */
    private static final Set<String> NAMING_FIELDS = Set.of("name", "cloud", "image", "flavor", "tags", "role", "type",
            "template", "kind", "accessKey", "user");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private final JsonNode document;
    private final Function<String, String> pathValue;

    /**
     * @param document  the OpenAPI document
     * @param pathValue for a path parameter's name, the value of an existing thing (so that the body is reached)
     */
    BadRequests(JsonNode document, Function<String, String> pathValue) {
        this.document = document;
        this.pathValue = pathValue;
    }

    List<Bad> all() {
        List<Bad> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            String template = p.getKey();
            JsonNode operations = p.getValue();
            for (String method : METHODS) {
                if (!operations.has(method.toLowerCase())) {
                    out.add(new Bad("a method the path does not take", method, filled(template), "{}", "application/json"));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = operations.fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                JsonNode operation = op.getValue();
                if (operation.path("security").isArray() && operation.path("security").isEmpty()) {
                    continue; // public (token exchange, health, the document): no state to change, checked elsewhere
                }
                pathParameters(out, method, template, operation);
                queryParameters(out, method, template, operation);
                JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
                if (!schema.isMissingNode()) {
                    bodies(out, method, filled(template), resolve(schema));
                }
            }
        }
        return out;
    }

    private void pathParameters(List<Bad> out, String method, String template, JsonNode operation) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (!parameter.path("in").asText().equals("path")) {
                continue;
            }
            String name = parameter.path("name").asText();
            for (String value : NO_NAMES) {
                String path = template.replace("{" + name + "}", URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
                out.add(new Bad("path parameter " + name + " that names nothing", method, filled(path), bodyFor(operation),
                        "application/json"));
            }
        }
    }

    private void queryParameters(List<Bad> out, String method, String template, JsonNode operation) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (!parameter.path("in").asText().equals("query")) {
                continue;
            }
            String name = parameter.path("name").asText();
            String type = parameter.path("schema").path("type").asText();
            List<String> values = type.equals("integer") ? List.of("x", "1.5", "-1", "99999999999999999999")
                    : type.equals("boolean") ? List.of("maybe") : List.of();
            for (String value : values) {
                out.add(new Bad("query parameter " + name + "=" + value, method,
                        filled(template) + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8), bodyFor(operation),
                        "application/json"));
            }
        }
    }

    private void bodies(List<Bad> out, String method, String path, JsonNode schema) {
        out.add(new Bad("a body that is not JSON but says it is", method, path, "{\"", "application/json"));
        out.add(new Bad("a body cut short", method, path, "{\"a\": [1, 2", "application/json"));
        out.add(new Bad("a text body", method, path, "name=x", "text/plain"));
        out.add(new Bad("an XML body", method, path, "<name>x</name>", "application/xml"));
        for (String notAnObject : List.of("[]", "\"x\"", "42", "true", "[{}]")) {
            out.add(new Bad("a body that is not an object: " + notAnObject, method, path, notAnObject, "application/json"));
        }
        out.add(new Bad("an unknown field", method, path, "{\"bogus\": 1}", "application/json"));
        out.add(new Bad("a duplicated object", method, path, "{\"bogus\": {\"bogus\": {}}}", "application/json"));
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode fieldSchema = resolve(f.getValue());
            for (JsonNode wrong : wrongTypes(fieldSchema)) {
                out.add(new Bad(f.getKey() + " of the wrong type: " + wrong, method, path, body(f.getKey(), wrong), "application/json"));
            }
            if (NAMING_FIELDS.contains(f.getKey())) {
                boolean list = fieldSchema.path("type").asText().equals("array");
                for (String value : NO_NAMES) {
                    JsonNode v = list ? NODES.arrayNode().add(value) : NODES.textNode(value);
                    out.add(new Bad(f.getKey() + " that names nothing", method, path, body(f.getKey(), v), "application/json"));
                }
            }
        }
    }

    /** JSON values of a type other than the field's. */
    private static List<JsonNode> wrongTypes(JsonNode schema) {
        String type = schema.path("type").asText();
        List<JsonNode> values = new ArrayList<>();
        switch (type) {
            case "string" -> values.addAll(List.of(NODES.numberNode(42), NODES.arrayNode(), NODES.objectNode(), NODES.booleanNode(true)));
            case "integer" -> values.addAll(List.of(NODES.textNode("x"), NODES.numberNode(1.5), NODES.arrayNode(),
                    NODES.objectNode(), NODES.numberNode(new java.math.BigInteger("99999999999999999999999"))));
            case "number" -> values.addAll(List.of(NODES.textNode("x"), NODES.arrayNode(), NODES.objectNode()));
            case "boolean" -> values.addAll(List.of(NODES.textNode("maybe"), NODES.numberNode(2), NODES.arrayNode()));
            case "array" -> {
                values.addAll(List.of(NODES.textNode("x"), NODES.objectNode(), NODES.numberNode(1)));
                ArrayNode withNull = NODES.arrayNode();
                withNull.addNull();
                values.add(withNull);
                if (schema.path("items").path("type").asText().equals("string")) {
                    values.add(NODES.arrayNode().add(NODES.objectNode()));
                    values.add(NODES.arrayNode().add(NODES.arrayNode()));
                }
            }
            case "object" -> values.addAll(List.of(NODES.textNode("x"), NODES.arrayNode(), NODES.numberNode(1)));
            default -> {
                // an untyped field takes anything
            }
        }
        return values;
    }

    private static String body(String field, JsonNode value) {
        ObjectNode body = NODES.objectNode();
        body.set(field, value);
        return body.toString();
    }

    /** A body that is otherwise harmless: {} where the operation takes one. */
    private static String bodyFor(JsonNode operation) {
        return operation.has("requestBody") ? "{}" : null;
    }

    private String filled(String template) {
        String path = template;
        for (int open; (open = path.indexOf('{')) >= 0; ) {
            int close = path.indexOf('}', open);
            path = path.substring(0, open) + pathValue.apply(path.substring(open + 1, close)) + path.substring(close + 1);
        }
        return path;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText(null);
        if (ref == null) {
            return schema;
        }
        return document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }
}
