package org.nubis.rest.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.nubis.rest.openapi.Samples.ThingState;

class OpenApiDocumentTest {

    private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectNode doc = OpenApiDocument.build(Samples.RESOURCES, "/nubis/api/v1", mapper);

    @Test
    void everyJerseyResourceMethodIsAnOperation() {
        Set<String> jersey = new TreeSet<>();
        for (Class<?> c : Samples.RESOURCES) {
            Resource resource = Resource.from(c);
            collect(resource, resource.getPath(), jersey);
        }
        Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(verb -> {
            if (VERBS.contains(verb)) {
                documented.add(verb.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertEquals(jersey, documented);
        assertTrue(jersey.size() >= 15, "the walk found the sample methods: " + jersey);
    }

    /** Jersey's model walked here on its own, paths joined the plain way, to check the generator against. */
    private static void collect(Resource resource, String template, Set<String> out) {
        for (ResourceMethod method : resource.getResourceMethods()) {
            out.add(method.getHttpMethod() + " " + plainPath(template));
        }
        if (resource.getResourceLocator() != null) {
            Resource sub = Resource.from(resource.getResourceLocator().getInvocable().getRawResponseType());
            collect(sub, template, out);
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, template + "/" + child.getPath(), out);
        }
    }

    private static String plainPath(String template) {
        String withoutRegex = template == null ? "" : template.replaceAll("\\{\\s*([\\w.-]+)\\s*:[^}]*}", "{$1}");
        return "/" + Arrays.stream(withoutRegex.split("/")).filter(s -> !s.isEmpty()).collect(Collectors.joining("/"));
    }

    @Test
    void pathsAreJoinedWithOneSlashAndWithoutRegex() {
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        for (String path : paths) {
            assertTrue(path.startsWith("/"), path);
            assertFalse(path.contains("//"), path);
            assertTrue(path.equals("/") || !path.endsWith("/"), path);
            assertFalse(path.contains(":") || path.contains(" "), path);
        }
        // class-level @Path(""), method paths with and without slashes, a class path with slashes, a locator
        assertTrue(paths.containsAll(List.of("/ping", "/things", "/things/{id}", "/gadgets", "/gadgets/page",
                "/things/{id}/parts", "/things/{id}/parts/{part}")), paths.toString());
        // {id: [a-z]+} and {id} are the same OpenAPI path: one item with both methods
        assertTrue(doc.at("/paths/~1things~1{id}").has("get"));
        assertTrue(doc.at("/paths/~1things~1{id}").has("delete"));
    }

    @Test
    void everyPathVariableIsARequiredPathParameter() {
        forEachOperation((path, verb, operation) -> {
            Matcher m = VARIABLE.matcher(path);
            while (m.find()) {
                JsonNode parameter = parameter(operation, "path", m.group(1));
                assertNotNull(parameter, verb + " " + path + " declares " + m.group(1));
                assertTrue(parameter.path("required").asBoolean(), verb + " " + path + " " + m.group(1));
            }
        });
        JsonNode part = parameter(operation("/things/{id}/parts/{part}", "get"), "path", "part");
        assertEquals("integer", part.at("/schema/type").asText());
        JsonNode id = parameter(operation("/things/{id}", "get"), "path", "id");
        assertTrue("abc".matches(id.at("/schema/pattern").asText()));
        assertFalse("ab1".matches(id.at("/schema/pattern").asText()), "the template's regex restricts the value");
    }

    @Test
    void aQueryListIsAnArrayAndDefaultsAreTyped() {
        JsonNode list = operation("/things", "get");
        JsonNode tag = parameter(list, "query", "tag");
        assertEquals("array", tag.at("/schema/type").asText());
        assertEquals("string", tag.at("/schema/items/type").asText());
        assertFalse(tag.path("required").asBoolean());
        JsonNode offset = parameter(list, "query", "offset");
        assertEquals("integer", offset.at("/schema/type").asText());
        assertTrue(offset.at("/schema/default").isNumber());
        assertEquals(100, parameter(list, "query", "limit").at("/schema/default").asInt());
    }

    @Test
    void headersAreParameters() {
        assertNotNull(parameter(operation("/gadgets", "post"), "header", "X-Request-Id"));
    }

    @Test
    void aRecordBodyHasTheRecordsSchema() {
        JsonNode body = operation("/things", "post").at("/requestBody/content/application~1json/schema");
        JsonNode schema = resolve(body);
        assertEquals(Set.of("name", "tags"), fieldNames(schema.get("properties")));
        assertEquals("array", schema.at("/properties/tags/type").asText());
        assertEquals("201", successStatus(operation("/things", "post")));
    }

    @Test
    void streamsAndTextHaveTheirMediaTypes() {
        JsonNode upload = operation("/things/{id}/files", "put").at("/requestBody/content");
        assertEquals(Set.of("application/octet-stream"), fieldNames(upload));
        assertEquals("binary", upload.at("/application~1octet-stream/schema/format").asText());
        JsonNode note = operation("/gadgets/notes", "post");
        assertEquals("string", note.at("/requestBody/content/text~1plain/schema/type").asText());
        assertEquals("string", note.at("/responses/200/content/text~1plain/schema/type").asText());
        assertEquals(Set.of("text/plain"), fieldNames(operation("/things/{id}/inventory", "get").at("/responses/200/content")),
                "@Doc.produces overrides the class's JSON");
        assertEquals(Set.of("text/event-stream"), fieldNames(operation("/things/{id}/events", "get").at("/responses/200/content")),
                "a void SSE method still answers a stream");
        assertEquals(Set.of("text/plain"), fieldNames(operation("/ping", "get").at("/responses/200/content")));
    }

    @Test
    void aResponseMethodTakesStatusAndTypeFromDoc() {
        JsonNode start = operation("/things/{id}/start", "post");
        assertEquals("202", successStatus(start));
        assertFalse(start.at("/responses").has("200"));
        JsonNode operation = resolve(start.at("/responses/202/content/application~1json/schema"));
        assertEquals(Set.of("id", "state", "result"), fieldNames(operation.get("properties")));

        JsonNode upload = operation("/things/{id}/files", "put").at("/responses/202/content/application~1json/schema");
        assertEquals("array", upload.path("type").asText(), "returnsList");
        assertTrue(resolve(upload.get("items")).at("/properties").has("bytes"));
    }

    @Test
    void aVoidMethodAnswersNoContent() {
        JsonNode remove = operation("/things/{id}", "delete");
        assertEquals("204", successStatus(remove));
        assertFalse(remove.at("/responses/204").has("content"));
    }

    @Test
    void eachPageInstantiationHasItsOwnItemSchema() {
        JsonNode things = resolve(operation("/things", "get").at("/responses/200/content/application~1json/schema"));
        JsonNode gadgets = resolve(operation("/gadgets/page", "get").at("/responses/200/content/application~1json/schema"));
        assertEquals(List.of("items", "offset", "limit", "total"), fieldList(things.get("properties")));
        assertNotEquals(things, gadgets);
        assertEquals("array", things.at("/properties/items/type").asText());
        assertTrue(resolve(things.at("/properties/items/items")).at("/properties").has("createdAt"), "items are Things");
        assertTrue(resolve(gadgets.at("/properties/items/items")).at("/properties").has("first"), "items are Gadgets");
        assertEquals("int64", things.at("/properties/total/format").asText());
    }

    @Test
    void enumsAreLowerCaseStrings() {
        JsonNode state = resolve(thing().at("/properties/state"));
        assertEquals("string", state.path("type").asText());
        List<String> expected = Arrays.stream(ThingState.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList();
        assertEquals(expected, texts(state.get("enum")));
    }

    @Test
    void enumsAreWrittenAsTheMapperWritesThem() {
        ObjectMapper labels = new ObjectMapper().registerModule(new SimpleModule()
                .addSerializer(ThingState.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(ThingState value, JsonGenerator out, SerializerProvider serializers)
                            throws IOException {
                        out.writeString(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                    }
                }));
        ObjectNode labelled = OpenApiDocument.build(Samples.RESOURCES, "/", labels);
        JsonNode state = labelled.at("/components/schemas/" + refName(thing(labelled).at("/properties/state")));
        assertTrue(texts(state.get("enum")).contains("setting-up"), state.toString());
    }

    @Test
    void recordComponentsHaveTheirJsonTypes() {
        JsonNode p = thing().get("properties");
        assertEquals(List.of("id", "state", "createdAt", "age", "tags", "labels", "note", "parent", "children", "uid",
                "extra", "count", "size", "ratio", "on"), fieldList(p), "all components, in order");
        assertEquals("date-time", p.at("/createdAt/format").asText());
        assertEquals("string", p.at("/createdAt/type").asText());
        assertEquals("duration", p.at("/age/format").asText());
        assertEquals("string", p.at("/age/type").asText());
        assertEquals("array", p.at("/tags/type").asText());
        assertTrue(p.at("/tags/uniqueItems").asBoolean());
        assertEquals("object", p.at("/labels/type").asText());
        assertEquals("string", p.at("/labels/additionalProperties/type").asText());
        assertEquals("string", p.at("/note/type").asText(), "Optional<String> is a string");
        assertEquals("uuid", p.at("/uid/format").asText());
        assertEquals(0, p.get("extra").size(), "JsonNode is any value");
        assertEquals("int32", p.at("/count/format").asText());
        assertEquals("int64", p.at("/size/format").asText());
        assertEquals("number", p.at("/ratio/type").asText());
        assertEquals("boolean", p.at("/on/type").asText());
    }

    @Test
    void aRecordThatContainsItselfIsAReference() {
        JsonNode p = thing().get("properties");
        String thing = refName(operation("/things/{id}", "get").at("/responses/200/content/application~1json/schema"));
        assertEquals(thing, refName(p.get("parent")));
        assertEquals(thing, refName(p.at("/children/items")));
    }

    @Test
    void aGenericRecordThatGrowsWithoutEndStops() {
        JsonNode nest = resolve(operation("/nests", "get").at("/responses/200/content/application~1json/schema"));
        assertEquals("string", nest.at("/properties/value/type").asText());
        assertEquals("array", resolve(nest.at("/properties/deeper")).at("/properties/value/type").asText());
        long nests = fieldList(doc.at("/components/schemas")).stream().filter(n -> n.startsWith("Nest")).count();
        assertTrue(nests > 1 && nests <= 8, nests + " Nest schemas");
    }

    @Test
    void classesOfOneSimpleNameGetTwoSchemas() {
        JsonNode gadget = resolve(operation("/gadgets", "post").at("/requestBody/content/application~1json/schema"));
        String first = refName(gadget.at("/properties/first"));
        String second = refName(gadget.at("/properties/second"));
        assertNotEquals(first, second);
        assertEquals(Set.of("a"), fieldNames(resolve(gadget.at("/properties/first")).get("properties")));
        assertEquals(Set.of("b"), fieldNames(resolve(gadget.at("/properties/second")).get("properties")));
    }

    @Test
    void publicOperationsNeedNoLogin() {
        assertTrue(doc.at("/components/securitySchemes/basic/scheme").asText().equals("basic"));
        assertTrue(doc.at("/components/securitySchemes/bearer/scheme").asText().equals("bearer"));
        Set<String> global = new HashSet<>();
        doc.get("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(global::add));
        assertEquals(Set.of("basic", "bearer"), global);

        JsonNode ping = operation("/ping", "get");
        assertTrue(ping.get("security").isArray());
        assertEquals(0, ping.get("security").size());
        assertFalse(ping.get("responses").has("401"));
        assertFalse(ping.get("responses").has("403"));
        JsonNode list = operation("/things", "get");
        assertFalse(list.has("security"), "the document's requirement applies");
        assertTrue(list.get("responses").has("401"));
        assertTrue(list.get("responses").has("403"));
    }

    @Test
    void errorsShareTheErrorSchema() {
        forEachOperation((path, verb, operation) -> {
            for (String code : List.of("400", "404", "409")) {
                JsonNode error = resolve(operation.at("/responses/" + code + "/content/application~1json/schema"));
                assertEquals(Set.of("error", "detail"), fieldNames(error.get("properties")), verb + " " + path + " " + code);
            }
        });
    }

    @Test
    void undocumentedListsMethodsWithoutDoc() {
        assertEquals(List.of("DELETE /things/{id}"), OpenApiDocument.undocumented(Samples.RESOURCES));
        assertEquals("Remove", operation("/things/{id}", "delete").path("summary").asText());
        assertEquals("Await ready", OperationFactory.readable("awaitReady"));
    }

    @Test
    void operationsAreNamedUniquelyAndDocumented() {
        Set<String> ids = new HashSet<>();
        forEachOperation((path, verb, operation) -> {
            assertTrue(ids.add(operation.path("operationId").asText()), "unique: " + operation.path("operationId"));
            assertFalse(operation.path("summary").asText().isEmpty());
            assertTrue(operation.path("responses").size() > 0);
        });
        assertEquals("things_list", operation("/things", "get").path("operationId").asText());
        assertEquals("Create a thing", operation("/things", "post").path("summary").asText());
        assertEquals("operator", operation("/things", "post").path("x-nubis-role").asText());
    }

    @Test
    void theDocumentIsJsonWhoseReferencesAllResolve() throws IOException {
        String text = mapper.writeValueAsString(doc);
        JsonNode parsed = mapper.readTree(text);
        assertEquals(text, mapper.writeValueAsString(parsed), "nothing lost on the way through text");
        assertEquals("3.0.3", parsed.path("openapi").asText());
        assertEquals("Nubis REST API", parsed.at("/info/title").asText());
        assertEquals("/nubis/api/v1", parsed.at("/servers/0/url").asText());
        List<String> refs = new ArrayList<>();
        collectRefs(parsed, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/components/schemas/"), ref);
            assertTrue(parsed.at("/components/schemas").has(ref.substring("#/components/schemas/".length())), ref);
        }
        parsed.at("/components/schemas").fieldNames().forEachRemaining(name ->
                assertTrue(name.matches("[A-Za-z0-9._-]+"), "a valid component name: " + name));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private interface OperationCheck {
        void check(String path, String verb, JsonNode operation);
    }

    private void forEachOperation(OperationCheck check) {
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (VERBS.contains(op.getKey())) {
                check.check(path.getKey(), op.getKey(), op.getValue());
            }
        }));
    }

    private JsonNode operation(String path, String verb) {
        JsonNode operation = doc.path("paths").path(path).path(verb);
        assertTrue(operation.isObject(), verb + " " + path + " is documented");
        return operation;
    }

    private static JsonNode parameter(JsonNode operation, String in, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (in.equals(parameter.path("in").asText()) && name.equals(parameter.path("name").asText())) {
                return parameter;
            }
        }
        return null;
    }

    private static String successStatus(JsonNode operation) {
        List<String> codes = new ArrayList<>();
        operation.get("responses").fieldNames().forEachRemaining(codes::add);
        return codes.stream().filter(c -> c.startsWith("2")).findFirst().orElseThrow();
    }

    private JsonNode thing() {
        return thing(doc);
    }

    private static JsonNode thing(JsonNode document) {
        JsonNode ref = document.at("/paths/~1things~1{id}/get/responses/200/content/application~1json/schema");
        return document.at("/components/schemas/" + refName(ref));
    }

    private JsonNode resolve(JsonNode schema) {
        if (!schema.has("$ref")) {
            return schema;
        }
        JsonNode target = doc.at("/components/schemas/" + refName(schema));
        assertFalse(target.isMissingNode(), schema.toString());
        return target;
    }

    private static String refName(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        assertTrue(ref.startsWith("#/components/schemas/"), "a reference: " + schema);
        return ref.substring("#/components/schemas/".length());
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        return new HashSet<>(fieldList(node));
    }

    private static List<String> fieldList(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(value -> out.add(value.asText()));
        return out;
    }
}
