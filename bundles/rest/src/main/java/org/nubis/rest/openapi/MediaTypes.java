package org.nubis.rest.openapi;

import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.StreamingOutput;

/** Which media types a body has, and what a schema can say about a body in each. */
final class MediaTypes {

    static final String JSON = MediaType.APPLICATION_JSON;
    static final String BINARY = MediaType.APPLICATION_OCTET_STREAM;
    static final String TEXT = MediaType.TEXT_PLAIN;
    static final String EVENTS = MediaType.SERVER_SENT_EVENTS;

    private MediaTypes() {
    }

    /** The media types a method declares (@Produces or @Consumes, its own or its class's), wildcards left out. */
    static List<String> declared(List<MediaType> types) {
        return types.stream().filter(t -> !t.isWildcardType() && !t.isWildcardSubtype())
                .map(t -> (t.getType() + "/" + t.getSubtype()).toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /** What JAX-RS uses for a body of this Java type when nothing is declared. */
    static String fallback(Class<?> type) {
        if (type == byte[].class || InputStream.class.isAssignableFrom(type) || File.class.isAssignableFrom(type)
                || StreamingOutput.class.isAssignableFrom(type)) {
            return BINARY;
        }
        if (CharSequence.class.isAssignableFrom(type) || Reader.class.isAssignableFrom(type) || type == char.class
                || type == Character.class) {
            return TEXT;
        }
        return JSON;
    }

    /** Whether a body of this media type is structured data that a schema of its Java type describes. */
    static boolean structured(String mediaType) {
        return mediaType.endsWith("/json") || mediaType.endsWith("+json") || mediaType.endsWith("/xml")
                || mediaType.endsWith("+xml");
    }

    static boolean text(String mediaType) {
        return mediaType.startsWith("text/");
    }
}
