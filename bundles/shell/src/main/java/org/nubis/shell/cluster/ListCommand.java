package org.nubis.shell.cluster;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cluster.Cluster;

@Command(scope = "cluster", name = "list", description = "Lists the clusters.")
@Service
public class ListCommand extends ClusterCommandSupport {

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    protected void doExecute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Template");
        table.column("State");
        table.column("Nodes").alignRight();
        table.column("Setup");
        table.column("Cloud");
        table.column("Reason");
        for (Cluster c : clusters.clusters()) {
            table.addRow().addContent(c.name(), c.template(), c.state().label(), c.spec().nodeCount(), c.setup().label(),
                    c.spec().cloud() == null ? "(default)" : c.spec().cloud(), c.stateReason() == null ? "" : c.stateReason());
        }
        table.print(System.out, !noFormat);
    }
}
