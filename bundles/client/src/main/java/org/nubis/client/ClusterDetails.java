package org.nubis.client;

import java.util.List;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.Node;

/** A cluster with its nodes ({@code GET /clusters/{name}}). */
public record ClusterDetails(Cluster cluster, List<Node> nodes) {
    public ClusterDetails {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}
