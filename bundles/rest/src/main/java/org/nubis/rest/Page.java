package org.nubis.rest;

import java.util.List;
import org.nubis.api.InvalidRequestException;

/**
 * One page of a list: every list endpoint answers one, so that a client can walk long lists
 * (a filter adds the {@code Link: rel="next"} header).
 */
public record Page<T>(List<T> items, int offset, int limit, long total) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** The page of a whole list that the query asks for ({@code offset}, {@code limit}; null means default). */
    static <T> Page<T> of(List<T> all, Integer offset, Integer limit) {
        int from = offset == null ? 0 : offset;
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (from < 0) {
            throw new InvalidRequestException("offset must be 0 or more, not " + from);
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT + ", not " + size);
        }
        int start = Math.min(from, all.size());
        return new Page<>(List.copyOf(all.subList(start, Math.min(all.size(), start + size))), from, size, all.size());
    }

    boolean hasMore() {
        return (long) offset + items.size() < total;
    }
}
