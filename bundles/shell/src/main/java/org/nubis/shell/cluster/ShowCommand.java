package org.nubis.shell.cluster;

import java.time.Duration;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterDetails;
import org.nubis.api.machine.Machine;
import org.nubis.shell.Durations;
import org.nubis.shell.Json;

@Command(scope = "cluster", name = "show", description = "Shows a cluster: its state and phase timings, and each node with its state, address and setup.")
@Service
public class ShowCommand extends ClusterCommandSupport {

    @Argument(index = 0, name = "name", description = "The cluster", required = true, multiValued = false)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Option(name = "--json", description = "Print as JSON", required = false, multiValued = false)
    boolean json;

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    protected void doExecute() {
        Cluster c = clusters.cluster(name);
        List<Machine> nodes = clusters.nodes(name);
        if (json) {
            Json.print(System.out, new ClusterDetails(c, nodes));
            return;
        }
        System.out.println("Cluster " + c.name() + " (template " + c.template() + "): " + c.state().label()
                + (c.stateReason() == null ? "" : " — " + c.stateReason()));
        System.out.println("Setup: " + c.setup().label() + (c.setupMessage() == null ? "" : " — " + c.setupMessage()));
        System.out.println("Last phase: began " + c.phaseStarted() + (c.phaseEnded() == null ? ", still running"
                : ", took " + Durations.seconds(Duration.between(c.phaseStarted(), c.phaseEnded()))));
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Kind");
        table.column("State");
        table.column("Host");
        table.column("Port").alignRight();
        table.column("Ready after").alignRight();
        table.column("Setup");
        table.column("Cloud ID");
        table.column("Reason");
        for (Machine n : nodes) {
            table.addRow().addContent(n.id(), n.kind(), n.state().label(), n.publicHost() == null ? "-" : n.publicHost(),
                    n.sshPort() == 0 ? "-" : n.sshPort(), n.readyAt() == null ? "-" : Durations.seconds(Duration.between(n.createdAt(), n.readyAt())),
                    n.setup().label(), n.cloudId() == null ? "-" : n.cloudId(),
                    n.setupMessage() != null ? n.setupMessage() : n.stateReason() == null ? "" : n.stateReason());
        }
        table.print(System.out, !noFormat);
    }

}
