package org.nubis.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** Paths and query strings built from user values, every value percent-encoded. */
final class Urls {

    private Urls() {
    }

    /** One path segment: a name with '/' or a space in it stays one segment. */
    static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a name is required");
        }
        return encode(value);
    }

    /**
     * Percent-encoding valid both in paths and queries: URLEncoder's form encoding writes a space as
     * '+', which a path does not decode, so spaces become %20 (a real '+' is already %2B).
     */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Builds {@code ?a=1&tag=x&tag=y}; null values and empty collections are left out. */
    static final class Query {
        private final StringBuilder b = new StringBuilder();

        Query add(String name, Object value) {
            if (value != null) {
                b.append(b.length() == 0 ? '?' : '&').append(encode(name)).append('=').append(encode(value.toString()));
            }
            return this;
        }

        Query addAll(String name, Collection<?> values) {
            if (values != null) {
                for (Object v : values) {
                    add(name, v);
                }
            }
            return this;
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }
}
