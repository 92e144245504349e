package org.nubis.shell.cluster;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterService;

/** Completes the names of existing clusters. */
@Service
public class ClusterNameCompleter implements Completer {

    @Reference
    private ClusterService clusters;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(clusters.clusters().stream().map(Cluster::name).toList())
                .complete(session, commandLine, candidates);
    }
}
