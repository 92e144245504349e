package org.nubis.shell.cluster;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.Progress;

@Command(scope = "cluster", name = "stop", description = "Destroys every node of the cluster; it can be started again.")
@Service
public class StopCommand extends ClusterCommandSupport {

    @Argument(index = 0, name = "name", description = "The cluster", required = true, multiValued = false)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Override
    protected void doExecute() throws Exception {
        withProgress(name, () -> clusters.stop(name, Progress.none()));
        System.out.println("Cluster " + name + " stopped; no node left.");
    }
}
