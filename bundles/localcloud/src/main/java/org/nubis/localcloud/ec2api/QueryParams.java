package org.nubis.localcloud.ec2api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of an EC2 Query request (form body and query string), with EC2's flattened lists:
 * {@code InstanceId.1}, {@code Filter.1.Name} / {@code Filter.1.Value.1}, {@code Tag.1.Key}...
 */
final class QueryParams {

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code application/x-www-form-urlencoded} strings (null or empty ones are skipped). */
    static QueryParams parse(String... encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : encoded) {
            if (part == null || part.isEmpty()) {
                continue;
            }
            for (String pair : part.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.put(key, value);
            }
        }
        return new QueryParams(values);
    }

    static QueryParams of(Map<String, String> values) {
        return new QueryParams(new LinkedHashMap<>(values));
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value, or null when absent. */
    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** The value, or MissingParameter when absent or empty. */
    String require(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw Ec2Error.missing(name);
        }
        return value;
    }

    /** A whole number, or null when absent. */
    Integer integer(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidValue("Invalid value '" + value + "' for " + name);
        }
    }

    int requireInteger(String name) {
        Integer value = integer(name);
        if (value == null) {
            throw Ec2Error.missing(name);
        }
        return value;
    }

    boolean bool(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw Ec2Error.invalidValue("Invalid value '" + value + "' for " + name + "; expecting true or false");
    }

    /** {@code PREFIX.1}, {@code PREFIX.2}... in index order. */
    List<String> list(String prefix) {
        Map<Integer, String> byIndex = new TreeMap<>();
        String start = prefix + ".";
        values.forEach((key, value) -> {
            if (key.startsWith(start)) {
                Integer index = index(key.substring(start.length()));
                if (index != null) {
                    byIndex.put(index, value);
                }
            }
        });
        return new ArrayList<>(byIndex.values());
    }

    /** The structures {@code PREFIX.N.*}, in index order, each with the {@code PREFIX.N.} part removed. */
    List<QueryParams> members(String prefix) {
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        String start = prefix + ".";
        values.forEach((key, value) -> {
            if (!key.startsWith(start)) {
                return;
            }
            String rest = key.substring(start.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                return;
            }
            Integer index = index(rest.substring(0, dot));
            if (index != null) {
                byIndex.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), value);
            }
        });
        return byIndex.values().stream().map(QueryParams::new).toList();
    }

    /** {@code Filter.N.Name} and {@code Filter.N.Value.M}. */
    List<Filter> filters() {
        List<Filter> filters = new ArrayList<>();
        for (QueryParams member : members("Filter")) {
            String name = member.get("Name");
            if (name == null || name.isEmpty()) {
                throw Ec2Error.invalidValue("every filter needs a Name");
            }
            filters.add(new Filter(name, member.list("Value")));
        }
        return filters;
    }

    /** {@code PREFIX.N.Key} / {@code PREFIX.N.Value} pairs (a missing value is ""), in index order. */
    Map<String, String> tags(String prefix) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryParams member : members(prefix)) {
            String key = member.get("Key");
            if (key == null || key.isEmpty()) {
                throw Ec2Error.invalidValue("Tag key must not be empty");
            }
            tags.put(key, member.get("Value", ""));
        }
        return tags;
    }

    private static Integer index(String text) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.valueOf(text);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Ec2Error.client("MalformedQueryString", "malformed percent-encoding in '" + text + "'");
        }
    }
}
