package org.nubis.localcloud.ec2api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * {@code MaxResults} / {@code NextToken} pagination. A token names the sort key of the last item given, so
 * a page never repeats or skips an item that was there before, even if others come or go in between.
 */
final class Pages {

    private static final String TOKEN_PREFIX = "lc1.";
    private static final int MIN = 5;
    private static final int MAX = 1000;

    record Page<T>(List<T> items, String nextToken) {
    }

    private Pages() {
    }

    /** One page of the items (all of them without MaxResults and NextToken), sorted by their keys. */
    static <T> Page<T> of(List<T> items, Function<T, String> key, QueryParams params) {
        Integer maxResults = params.integer("MaxResults");
        String token = params.get("NextToken");
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(key));
        if (maxResults == null && (token == null || token.isEmpty())) {
            return new Page<>(sorted, null);
        }
        if (maxResults != null && (maxResults < MIN || maxResults > MAX)) {
            throw Ec2Error.invalidValue("Value ( " + maxResults + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between " + MIN + " and " + MAX + ".");
        }
        int size = maxResults == null ? MAX : maxResults;
        String after = token == null || token.isEmpty() ? null : decode(token);
        List<T> page = new ArrayList<>();
        boolean more = false;
        for (T item : sorted) {
            if (after != null && key.apply(item).compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == size) {
                more = true;
                break;
            }
            page.add(item);
        }
        String next = more ? encode(key.apply(page.get(page.size() - 1))) : null;
        return new Page<>(page, next);
    }

    private static String encode(String key) {
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        if (token.startsWith(TOKEN_PREFIX)) {
            try {
                return new String(Base64.getUrlDecoder().decode(token.substring(TOKEN_PREFIX.length())),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw Ec2Error.client("InvalidPaginationToken", "The specified pagination token is not valid or is expired.");
    }
}
