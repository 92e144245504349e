package org.nubis.api.setup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.nubis.api.Progress;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.machine.Machine;

/**
 * One setup of a cluster.
 *
 * @param nodes       every node the cluster has now (ready ones), for hosts lists and inventories
 * @param configure   ids of the nodes to configure fully (all of them, or the new ones after a resize)
 * @param refresh     ids of existing nodes that must learn about a change of the cluster's nodes
 * @param templateDir directory that relative paths of the template (scripts, playbooks) resolve against
 * @param timeout     deadline of the whole setup
 */
public record SetupRun(Cluster cluster, List<Machine> nodes, Set<String> configure, Set<String> refresh,
                       Path templateDir, Duration timeout, Progress<NodeSetupResult> progress) {
    public SetupRun {
        nodes = List.copyOf(nodes);
        configure = Set.copyOf(configure);
        refresh = Set.copyOf(refresh);
    }
}
