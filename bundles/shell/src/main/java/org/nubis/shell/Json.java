package org.nubis.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.PrintStream;
import org.nubis.json.NubisJson;

/**
 * Prints records for {@code --json} options, as the REST API writes them (the same records of
 * nubis-api, through the same Jackson set-up), indented for people.
 */
public final class Json {

    private static final ObjectWriter WRITER = NubisJson.mapper().writerWithDefaultPrettyPrinter();

    private Json() {
    }

    public static void print(PrintStream out, Object value) {
        try {
            out.println(WRITER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getOriginalMessage(), e);
        }
    }
}
