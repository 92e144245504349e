package org.nubis.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Nubis's JSON dialect, the one the REST API writes, the shell prints for {@code --json} and the
 * Java client reads, so that all three show the same records under the same names: the records of
 * {@code nubis-api} as Jackson writes them, times and durations in ISO-8601 ({@code PT1.5S}), and
 * enums as their lower-case labels ({@code running}, {@code setting-up}).
 */
public final class NubisJson {

    private NubisJson() {
    }

    /**
     * The dialect, strict: an unknown field or label in what is read is an error, and so is a
     * fraction where a whole number is due ({@code "count": 1.5} was read as 1) and a value of
     * another JSON type ({@code "userData": 42} was read as "42"). For servers.
     */
    public static JsonMapper.Builder builder() {
        return builder(false).disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // a value of another JSON type is an error, not converted: 42 for a text, "42" for a number, 1 for true
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    private static JsonMapper.Builder builder(boolean tolerant) {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new EnumLabels(tolerant))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    public static ObjectMapper mapper() {
        return builder().build();
    }

    /**
     * The dialect for readers that must not break on what a newer writer adds: unknown fields are
     * ignored and an unknown label reads as null. For clients.
     */
    public static JsonMapper.Builder tolerantBuilder() {
        return builder(true)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
