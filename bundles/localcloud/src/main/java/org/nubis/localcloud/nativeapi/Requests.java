package org.nubis.localcloud.nativeapi;

import java.util.List;
import java.util.Map;

/** The JSON bodies the native API accepts. Unknown fields are rejected, so typos do not pass silently. */
final class Requests {

    private Requests() {
    }

    record Launch(Integer count, String image, String flavor, Map<String, String> tags, List<String> publicKeys,
            String userData) {
    }

    record Ids(List<String> ids) {
    }

    record Tags(List<String> ids, Map<String, String> tags) {
    }
}
