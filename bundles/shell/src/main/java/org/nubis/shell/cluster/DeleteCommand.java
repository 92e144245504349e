package org.nubis.shell.cluster;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "cluster", name = "delete", description = "Forgets a cluster that has no nodes (stop it first).")
@Service
public class DeleteCommand extends ClusterCommandSupport {

    @Argument(index = 0, name = "name", description = "The cluster", required = true, multiValued = false)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Override
    protected void doExecute() {
        clusters.delete(name);
        System.out.println("Cluster " + name + " deleted.");
    }
}
