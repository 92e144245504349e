package org.nubis.api.setup;

import java.util.List;

/** Results per node of one setup run. */
public record SetupReport(List<NodeSetupResult> results) {
    public SetupReport {
        results = List.copyOf(results);
    }

    public List<NodeSetupResult> failures() {
        return results.stream().filter(r -> !r.ok()).toList();
    }
}
