package org.nubis.setup.ansible;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON Nubis reads from Ansible (results, the json callback) and writes for it (extra vars), with
 * Jackson. Written on one line with the separators of Python's {@code json.dumps}
 * ({@code {"ping": "pong"}}), as Ansible prints results, since people read it in ad-hoc output.
 */
final class AnsibleJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEntrySpacing(Separators.Spacing.AFTER)
            .withArrayValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter())
            .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter()));

    private AnsibleJson() {
    }

    /** {@code value} (maps, lists, strings, numbers, booleans, null) as one line of JSON. */
    static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON object {@code text} starts with, or null when it is not one. */
    static Map<String, Object> object(String text) {
        try {
            return text == null ? null : MAPPER.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Tells when a JSON value given line by line is complete, for results Ansible prints over several
     * lines; Jackson's non-blocking parser keeps its state (strings, nesting) from one line to the next.
     */
    static final class Lines {

        private final JsonParser parser;
        private int depth;

        Lines() {
            try {
                parser = MAPPER.getFactory().createNonBlockingByteArrayParser();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Adds one line; true when the value is complete, or cannot be (malformed): then wait no longer. */
        boolean complete(String line) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(bytes, 0, bytes.length);
                for (JsonToken token = parser.nextToken(); token != JsonToken.NOT_AVAILABLE; token = parser.nextToken()) {
                    if (token == null) {
                        return true;
                    }
                    if (token.isStructStart()) {
                        depth++;
                    } else if (token.isStructEnd() && --depth <= 0) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return true;
            }
        }
    }
}
