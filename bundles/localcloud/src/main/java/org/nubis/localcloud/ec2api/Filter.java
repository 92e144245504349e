package org.nubis.localcloud.ec2api;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * One EC2 filter: a name and values, any of which may match (OR); several filters must all match (AND).
 * Values may use EC2's wildcards: {@code *} (any run), {@code ?} (one character), {@code \} escapes.
 */
record Filter(String name, List<String> values) {

    Filter {
        values = List.copyOf(values);
    }

    /** Whether any of the candidates matches any value (false for no candidates). */
    boolean matchesAny(Collection<String> candidates) {
        for (String candidate : candidates) {
            if (candidate != null && matches(candidate)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(String candidate) {
        for (String pattern : values) {
            if (wildcard(pattern, 0, candidate, 0)) {
                return true;
            }
        }
        return false;
    }

    /** Throws EC2's error for a filter name that this action does not know (tag:KEY is known if tagged). */
    static void checkNames(List<Filter> filters, Set<String> known, boolean tagged) {
        for (Filter filter : filters) {
            boolean isTag = tagged && filter.name().startsWith("tag:") && filter.name().length() > 4;
            if (!isTag && !known.contains(filter.name())) {
                throw Ec2Error.invalidValue("The filter '" + filter.name() + "' is invalid");
            }
            if (filter.values().isEmpty()) {
                throw Ec2Error.invalidValue("The filter '" + filter.name() + "' needs at least one value");
            }
        }
    }

    private static boolean wildcard(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int skip = t; skip <= text.length(); skip++) {
                    if (wildcard(pattern, p + 1, text, skip)) {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.length()) {
                return false;
            }
            if (c == '\\' && p + 1 < pattern.length()) {
                p++;
                c = pattern.charAt(p);
            } else if (c == '?') {
                p++;
                t++;
                continue;
            }
            if (c != text.charAt(t)) {
                return false;
            }
            p++;
            t++;
        }
        return t == text.length();
    }
}
