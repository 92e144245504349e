package org.nubis.shell.cluster;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.Progress;
import org.nubis.api.cluster.Cluster;

@Command(scope = "cluster", name = "setup", description = "Runs the cluster's setup provider on every node again.")
@Service
public class SetupCommand extends ClusterCommandSupport {

    @Argument(index = 0, name = "name", description = "The cluster", required = true, multiValued = false)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Override
    protected void doExecute() throws Exception {
        Cluster c = withProgress(name, () -> clusters.setup(name, Progress.none()));
        System.out.println("Cluster " + name + ": setup " + c.setup().label() + ".");
    }
}
