package org.nubis.api.cluster;

import java.util.List;
import org.nubis.api.machine.Machine;

/** A cluster with its nodes: what {@code cluster:show --json} prints and {@code GET /clusters/{name}} answers. */
public record ClusterDetails(Cluster cluster, List<Machine> nodes) {
    public ClusterDetails {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}
