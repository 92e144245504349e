package org.nubis.shell.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.Node;
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
        List<Node> nodes = clusters.nodes(name);
        if (json) {
            Json.print(System.out, data(c, nodes));
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
        for (Node n : nodes) {
            table.addRow().addContent(n.id(), n.kind(), n.state().label(), n.publicHost() == null ? "-" : n.publicHost(),
                    n.sshPort() == 0 ? "-" : n.sshPort(), n.readyAt() == null ? "-" : Durations.seconds(Duration.between(n.createdAt(), n.readyAt())),
                    n.setup().label(), n.cloudId() == null ? "-" : n.cloudId(),
                    n.setupMessage() != null ? n.setupMessage() : n.stateReason() == null ? "" : n.stateReason());
        }
        table.print(System.out, !noFormat);
    }

    private static Map<String, Object> data(Cluster c, List<Node> nodes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", c.name());
        out.put("template", c.template());
        out.put("state", c.state().label());
        out.put("stateReason", c.stateReason());
        out.put("setup", c.setup().label());
        out.put("setupMessage", c.setupMessage());
        out.put("cloud", c.spec().cloud());
        out.put("createdAt", text(c.createdAt()));
        out.put("phaseStarted", text(c.phaseStarted()));
        out.put("phaseEnded", text(c.phaseEnded()));
        Map<String, Integer> counts = new LinkedHashMap<>();
        c.spec().kinds().values().forEach(k -> counts.put(k.name(), k.count()));
        out.put("kinds", counts);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Node n : nodes) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", n.id());
            row.put("kind", n.kind());
            row.put("state", n.state().label());
            row.put("stateReason", n.stateReason());
            row.put("cloud", n.cloud());
            row.put("cloudId", n.cloudId());
            row.put("host", n.publicHost());
            row.put("privateHost", n.privateHost());
            row.put("sshPort", n.sshPort());
            row.put("sshUser", n.sshUser());
            row.put("image", n.image());
            row.put("flavor", n.flavor());
            row.put("createdAt", text(n.createdAt()));
            row.put("readyAt", text(n.readyAt()));
            row.put("setup", n.setup().label());
            row.put("setupMessage", n.setupMessage());
            rows.add(row);
        }
        out.put("nodes", rows);
        return out;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
