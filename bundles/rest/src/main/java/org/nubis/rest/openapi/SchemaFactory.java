package org.nubis.rest.openapi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.ws.rs.core.StreamingOutput;

/**
 * JSON schemas of Java types, as Jackson writes them. Records and enums become named components
 * reached by {@code $ref}; everything else is inline. One factory serves one document.
 */
final class SchemaFactory {

    static final String REF_PREFIX = "#/components/schemas/";

    /**
     * How often one generic record may be under construction inside itself. Page<Page<X>> needs two; a
     * record Nest<T>(Nest<List<T>> deeper) would need them all, so it stops here with an open schema.
     */
    private static final int MAX_NESTING = 4;

    /** Types written as a JSON string, with the OpenAPI format where there is one. */
    private static final Map<Class<?>, String> STRINGS = new HashMap<>();

    static {
        for (Class<?> c : new Class<?>[] {String.class, CharSequence.class, char.class, Character.class}) {
            STRINGS.put(c, null);
        }
        STRINGS.put(UUID.class, "uuid");
        STRINGS.put(URI.class, "uri");
        STRINGS.put(URL.class, "uri");
        STRINGS.put(Instant.class, "date-time");
        STRINGS.put(OffsetDateTime.class, "date-time");
        STRINGS.put(ZonedDateTime.class, "date-time");
        STRINGS.put(Date.class, "date-time");
        STRINGS.put(LocalDate.class, "date");
        // ISO-8601 (PT1.5S): not a format OpenAPI defines, but the one JSON Schema uses.
        STRINGS.put(Duration.class, "duration");
        STRINGS.put(Period.class, "duration");
        STRINGS.put(byte[].class, "byte");
        for (Class<?> c : new Class<?>[] {InputStream.class, Reader.class, File.class, StreamingOutput.class}) {
            STRINGS.put(c, "binary");
        }
    }

    private final ObjectMapper mapper;
    /** Component name → schema; sorted so that the document is stable. */
    private final Map<String, ObjectNode> components = new TreeMap<>();
    /** {@link Types#key} → component name. */
    private final Map<String, String> names = new HashMap<>();
    /** Records under construction, each with how many of its instantiations are. */
    private final Map<Class<?>, Integer> building = new HashMap<>();

    /** The mapper makes the nodes and tells how enums are written (e.g. Nubis's labels). */
    SchemaFactory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A component written by hand (e.g. the error body); Java types will not take its name. */
    void define(String name, ObjectNode schema) {
        components.put(name, schema);
    }

    /** A {@code $ref} to the named component. */
    ObjectNode ref(String name) {
        return mapper.createObjectNode().put("$ref", REF_PREFIX + name);
    }

    /** The schema of a JSON value of this Java type; always a new node, free to be changed by the caller. */
    ObjectNode schemaFor(Type type) {
        return schemaOf(Types.resolve(type, Map.of()));
    }

    /** Every component so far, by name. */
    ObjectNode components() {
        ObjectNode out = mapper.createObjectNode();
        components.forEach(out::set);
        return out;
    }

    ObjectNode any() {
        return mapper.createObjectNode();
    }

    ObjectNode string(String format) {
        ObjectNode schema = mapper.createObjectNode().put("type", "string");
        return format == null ? schema : schema.put("format", format);
    }

    /** {@code type} is resolved: no type variables or wildcards left. */
    private ObjectNode schemaOf(Type type) {
        if (type instanceof GenericArrayType g) {
            return array(schemaOf(g.getGenericComponentType()), false);
        }
        Class<?> raw = Types.raw(type);
        if (raw == Optional.class || CompletionStage.class.isAssignableFrom(raw) || Future.class.isAssignableFrom(raw)) {
            // Jackson writes an Optional as its value (or null); JAX-RS answers a future with its result.
            return schemaOf(Types.argument(type, 0));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return array(schemaOf(Types.argument(type, 0)), Set.class.isAssignableFrom(raw));
        }
        if (Map.class.isAssignableFrom(raw)) {
            ObjectNode schema = mapper.createObjectNode().put("type", "object");
            schema.set("additionalProperties", schemaOf(Types.argument(type, 1)));
            return schema;
        }
        if (raw.isRecord()) {
            return named(type, raw, schema -> describeRecord(type, raw, schema));
        }
        if (raw.isEnum()) {
            return named(raw, raw, schema -> describeEnum(raw, schema));
        }
        return classSchema(raw);
    }

    private ObjectNode classSchema(Class<?> c) {
        for (Map.Entry<Class<?>, String> entry : STRINGS.entrySet()) {
            // Assignable, not equal: a ByteArrayInputStream or a StringBuilder is written the same way.
            if (entry.getKey().isAssignableFrom(c)) {
                return string(entry.getValue());
            }
        }
        if (c.isArray()) {
            return array(schemaOf(c.getComponentType()), false);
        }
        if (c == boolean.class || c == Boolean.class) {
            return mapper.createObjectNode().put("type", "boolean");
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class || c == byte.class
                || c == Byte.class || c == OptionalInt.class) {
            return mapper.createObjectNode().put("type", "integer").put("format", "int32");
        }
        if (c == long.class || c == Long.class || c == OptionalLong.class) {
            return mapper.createObjectNode().put("type", "integer").put("format", "int64");
        }
        if (c == BigInteger.class) {
            return mapper.createObjectNode().put("type", "integer");
        }
        if (c == float.class || c == Float.class) {
            return mapper.createObjectNode().put("type", "number").put("format", "float");
        }
        if (c == double.class || c == Double.class || c == OptionalDouble.class) {
            return mapper.createObjectNode().put("type", "number").put("format", "double");
        }
        if (c == BigDecimal.class || Number.class.isAssignableFrom(c)) {
            return mapper.createObjectNode().put("type", "number");
        }
        if (ObjectNode.class.isAssignableFrom(c)) {
            return mapper.createObjectNode().put("type", "object");
        }
        if (ArrayNode.class.isAssignableFrom(c)) {
            return array(any(), false);
        }
        if (JsonNode.class.isAssignableFrom(c) || c == Object.class || c == Void.class || c == void.class) {
            return any();
        }
        // A class that is no record: its JSON form depends on Jackson's bean rules, which are not modelled here.
        return mapper.createObjectNode().put("type", "object");
    }

    private ObjectNode array(ObjectNode items, boolean unique) {
        ObjectNode schema = mapper.createObjectNode().put("type", "array");
        schema.set("items", items);
        return unique ? schema.put("uniqueItems", true) : schema;
    }

    /** A $ref to the type's component, made on first use. */
    private ObjectNode named(Type type, Class<?> raw, Consumer<ObjectNode> describe) {
        String key = Types.key(type);
        String name = names.get(key);
        if (name == null) {
            if (building.getOrDefault(raw, 0) >= MAX_NESTING) {
                return any();
            }
            name = freeName(type);
            names.put(key, name);
            ObjectNode schema = mapper.createObjectNode();
            // Registered before it is described, so that a type that contains itself gets a $ref, not a loop.
            components.put(name, schema);
            building.merge(raw, 1, Integer::sum);
            try {
                describe.accept(schema);
            } finally {
                building.merge(raw, -1, Integer::sum);
            }
        }
        return ref(name);
    }

    /** The simple name, unless another type has it: then the qualified one (and a number if need be). */
    private String freeName(Type type) {
        String name = Types.simpleName(type);
        if (!components.containsKey(name)) {
            return name;
        }
        String qualified = Types.qualifiedName(type);
        String candidate = qualified;
        for (int n = 2; components.containsKey(candidate); n++) {
            candidate = qualified + "_" + n;
        }
        return candidate;
    }

    private void describeRecord(Type type, Class<?> raw, ObjectNode schema) {
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var bindings = Types.bindings(type);
        for (RecordComponent component : raw.getRecordComponents()) {
            Method accessor = component.getAccessor();
            JsonIgnore ignore = accessor.getAnnotation(JsonIgnore.class);
            if (ignore != null && ignore.value()) {
                continue;
            }
            JsonProperty property = accessor.getAnnotation(JsonProperty.class);
            String name = property != null && !property.value().isEmpty() ? property.value() : component.getName();
            properties.set(name, schemaOf(Types.resolve(component.getGenericType(), bindings)));
        }
    }

    private void describeEnum(Class<?> type, ObjectNode schema) {
        schema.put("type", "string");
        ArrayNode values = schema.putArray("enum");
        for (Object constant : type.getEnumConstants()) {
            values.add(label((Enum<?>) constant));
        }
    }

    /**
     * As the API writes the constant: the mapper's own form when it has one (Nubis's labels module writes
     * {@code setting-up}), else the name in lower case, which is how the API spells every state.
     */
    private String label(Enum<?> constant) {
        try {
            JsonNode written = mapper.valueToTree(constant);
            if (written.isTextual() && !written.asText().equals(constant.name())) {
                return written.asText();
            }
        } catch (IllegalArgumentException e) {
            // The mapper cannot write it alone; the lower-case name is still right for Nubis.
        }
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
