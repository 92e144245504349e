package org.nubis.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The client's JSON dialect, matching what the server writes: ISO-8601 times and durations
 * ({@code PT1.5S}), enums as lower-case labels ({@code running}, {@code setting-up}), and
 * tolerance for fields a newer server adds.
 */
final class Json {

    private Json() {
    }

    static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new LabelsModule())
                // The labels module below also maps '-' to '_'; the feature keeps any enum that
                // some other deserializer handles tolerant of the server's lower case too.
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                // A newer server may add fields; a client must not break on them.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .build();
    }

    /** A JSON object of the pairs whose value is not null, in order: optional fields left out. */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return m;
    }

    static byte[] write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The answer as JSON; an answer that is not JSON (a proxy's page with a 200) is the server's fault. */
    static JsonNode tree(ObjectMapper json, byte[] body) {
        try {
            return body.length == 0 ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            throw new NubisApiException(0, "invalid_response", "the answer is not JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
                    null, e);
        }
    }

    static <T> T convert(ObjectMapper json, JsonNode node, JavaType type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return json.readerFor(type).readValue(node);
        } catch (IOException e) {
            throw new NubisApiException(0, "invalid_response", "cannot read " + type.toCanonical() + ": "
                    + e.getMessage(), null, e);
        }
    }

    /** The label of an enum value as the API spells it: lower case, '-' for '_'. */
    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads every enum from its label, whatever the case, with '-' or '_' ({@code setting-up} is
     * {@code SETTING_UP}), and writes every enum as its label ({@code role: "operator"}).
     */
    static final class LabelsModule extends SimpleModule {
        private static final long serialVersionUID = 1L;

        LabelsModule() {
            super("nubis-client-labels");
            setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                                  BeanDescription beanDesc,
                                                                  JsonDeserializer<?> deserializer) {
                    return new LabelDeserializer(type.getRawClass());
                }
            });
            setSerializerModifier(new BeanSerializerModifier() {
                @Override
                public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType valueType,
                                                              BeanDescription beanDesc,
                                                              JsonSerializer<?> serializer) {
                    return new JsonSerializer<Enum<?>>() {
                        @Override
                        public void serialize(Enum<?> value, JsonGenerator out, SerializerProvider provider)
                                throws IOException {
                            out.writeString(label(value));
                        }
                    };
                }
            });
        }
    }

    private static final class LabelDeserializer extends JsonDeserializer<Enum<?>> {
        private final Map<String, Enum<?>> byKey = new HashMap<>();

        LabelDeserializer(Class<?> type) {
            for (Object constant : type.getEnumConstants()) {
                Enum<?> e = (Enum<?>) constant;
                byKey.put(key(e.name()), e);
            }
        }

        /**
         * A label this client does not know (a state added by a newer server) reads as null rather
         * than failing the whole answer.
         */
        @Override
        public Enum<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            return text == null ? null : byKey.get(key(text));
        }

        private static String key(String label) {
            return label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }
}
