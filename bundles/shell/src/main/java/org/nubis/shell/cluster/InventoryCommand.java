package org.nubis.shell.cluster;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "cluster", name = "inventory", description = "Prints an Ansible inventory (INI) of the cluster's nodes.")
@Service
public class InventoryCommand extends ClusterCommandSupport {

    @Argument(index = 0, name = "name", description = "The cluster", required = true, multiValued = false)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Override
    protected void doExecute() {
        System.out.print(clusters.inventory(name));
    }
}
