package org.nubis.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nubis.json.NubisJson;

/**
 * The client's JSON: the server's own dialect ({@link NubisJson}), tolerant of fields and labels
 * a newer server adds.
 */
final class Json {

    private Json() {
    }

    static ObjectMapper mapper() {
        return NubisJson.tolerantBuilder().build();
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

}
