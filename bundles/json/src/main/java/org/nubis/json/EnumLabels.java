package org.nubis.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every enum as its label, the way clouds and the shell spell states: lower case, '-' for '_'
 * ({@code SETTING_UP} is {@code setting-up}). Labels are read whatever their case, with '-' or '_'.
 */
final class EnumLabels extends SimpleModule {

    private static final long serialVersionUID = 1L;

    /** @param tolerant read a label no constant has as null instead of failing */
    EnumLabels(boolean tolerant) {
        super(tolerant ? "nubis-enum-labels-tolerant" : "nubis-enum-labels");
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType valueType,
                                                          BeanDescription beanDesc, JsonSerializer<?> serializer) {
                return new LabelSerializer();
            }
        });
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return new LabelDeserializer(type.getRawClass(), tolerant);
            }
        });
    }

    /** The label of an enum constant. */
    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String key(String label) {
        return label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static final class LabelSerializer extends JsonSerializer<Enum<?>> {
        @Override
        public void serialize(Enum<?> value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(label(value));
        }
    }

    private static final class LabelDeserializer extends JsonDeserializer<Enum<?>> {
        private final Class<?> type;
        private final boolean tolerant;
        private final Map<String, Enum<?>> byKey = new HashMap<>();

        LabelDeserializer(Class<?> type, boolean tolerant) {
            this.type = type;
            this.tolerant = tolerant;
            for (Object constant : type.getEnumConstants()) {
                Enum<?> e = (Enum<?>) constant;
                byKey.put(key(e.name()), e);
            }
        }

        @Override
        public Enum<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return null;
            }
            Enum<?> value = byKey.get(key(text));
            if (value == null && !tolerant) {
                return (Enum<?>) ctxt.handleWeirdStringValue(type, text, "not one of %s",
                        byKey.values().stream().map(EnumLabels::label).sorted().toList());
            }
            return value;
        }
    }
}
