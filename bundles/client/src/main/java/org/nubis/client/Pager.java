package org.nubis.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every page of a list ({@code {"items", "offset", "limit", "total"}}) and returns all the
 * items in the server's order. Advances by the number of items received, not by the limit asked,
 * so that a server that caps the page size lower still returns everything.
 */
final class Pager {

    private final Requests requests;
    private final int pageSize;

    Pager(Requests requests, int pageSize) {
        this.requests = requests;
        this.pageSize = pageSize;
    }

    /**
     * @param path    e.g. {@code /experiments/demo/instances}
     * @param filters the list's own query parameters (tags...), or an empty query
     */
    <T> List<T> all(String path, Urls.Query filters, JavaType itemType) {
        List<T> all = new ArrayList<>();
        String query = filters.toString();
        int offset = 0;
        while (true) {
            String target = path + query + (query.isEmpty() ? "?" : "&") + "offset=" + offset + "&limit=" + pageSize;
            JsonNode page = requests.tree(Call.get(target));
            JsonNode items = page.path("items");
            if (!items.isArray()) {
                throw new NubisApiException(0, "invalid_response", "GET " + path + " did not answer a page", null, null);
            }
            for (JsonNode item : items) {
                all.add(Json.convert(requests.json(), item, itemType));
            }
            offset += items.size();
            JsonNode total = page.get("total");
            boolean more = total != null && total.canConvertToLong()
                    ? offset < total.asLong()
                    : items.size() >= pageSize; // no total: a full page may have a next one
            // An empty page ends the walk even if total says otherwise (items deleted meanwhile).
            if (!more || items.isEmpty()) {
                return all;
            }
        }
    }
}
