package org.nubis.rest.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JAX-RS path templates as OpenAPI wants them: one '/' between segments, no trailing '/', and
 * {@code {id: [a-z]+}} reduced to {@code {id}} (OpenAPI has no regex in paths).
 */
final class PathTemplates {

    private PathTemplates() {
    }

    /** The parts joined into one path: leading '/', exactly one '/' between segments, none at the end. */
    static String join(String... parts) {
        List<String> segments = new ArrayList<>();
        for (String part : parts) {
            if (part == null) {
                continue;
            }
            // Regexes go first: they may hold '/' (e.g. {path: .+/.+}) that is no segment boundary.
            for (String segment : normalize(part).split("/")) {
                if (!segment.isEmpty()) {
                    segments.add(segment);
                }
            }
        }
        return "/" + String.join("/", segments);
    }

    /** The template with every {@code {name: regex}} written as {@code {name}}. */
    static String normalize(String template) {
        StringBuilder out = new StringBuilder();
        parse(template, out, new LinkedHashMap<>());
        return out.toString();
    }

    /** The template's variables in order, each with its regex, or null where it has none. */
    static Map<String, String> variables(String template) {
        Map<String, String> variables = new LinkedHashMap<>();
        parse(template, new StringBuilder(), variables);
        return variables;
    }

    private static void parse(String template, StringBuilder out, Map<String, String> variables) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            // Braces nest inside a regex ({id: [0-9]{3}}), so the variable ends at the matching '}'.
            int depth = 0;
            int end = i;
            while (end < template.length()) {
                char d = template.charAt(end);
                depth += d == '{' ? 1 : d == '}' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
                end++;
            }
            String body = template.substring(i + 1, Math.min(end, template.length()));
            int colon = body.indexOf(':');
            String name = (colon < 0 ? body : body.substring(0, colon)).trim();
            String regex = colon < 0 ? null : body.substring(colon + 1).trim();
            variables.putIfAbsent(name, regex);
            out.append('{').append(name).append('}');
            i = end + 1;
        }
    }
}
