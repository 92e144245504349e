package org.nubis.shell.cluster;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.Progress;
import org.nubis.api.cluster.Cluster;

@Command(scope = "cluster", name = "resize",
        description = "Adds (+N) or removes (-N, the newest first) nodes of a kind; new nodes are set up and the others refreshed.")
@Service
public class ResizeCommand extends ClusterCommandSupport {

    @Argument(index = 0, name = "name", description = "The cluster", required = true, multiValued = false)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Argument(index = 1, name = "change", description = "+N to add N nodes, -N to remove N", required = true, multiValued = false)
    String change;

    @Argument(index = 2, name = "kind", description = "The kind of node", required = true, multiValued = false)
    String kind;

    @Override
    protected void doExecute() throws Exception {
        if (!change.matches("[+-][0-9]{1,6}")) {
            throw new IllegalArgumentException("change must be +N or -N (e.g. +2, -3), not '" + change + "'");
        }
        int delta = Integer.parseInt(change.startsWith("+") ? change.substring(1) : change);
        Cluster c = withProgress(name, () -> clusters.resize(name, kind, delta, Progress.none()));
        System.out.println("Cluster " + name + " now has " + c.spec().kinds().get(kind).count() + " " + kind + " node(s), "
                + c.spec().nodeCount() + " in all.");
    }
}
