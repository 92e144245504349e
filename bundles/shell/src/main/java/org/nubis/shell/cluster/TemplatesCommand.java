package org.nubis.shell.cluster;

import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.ClusterTemplates;

@Command(scope = "cluster", name = "templates", description = "Lists the cluster templates (etc/nubis/clusters/NAME.yaml).")
@Service
public class TemplatesCommand implements Action {

    @Reference
    private ClusterTemplates templates;

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Cloud");
        table.column("Nodes");
        table.column("Setup");
        table.column("File");
        for (ClusterTemplate t : templates.templates()) {
            table.addRow().addContent(t.name(), t.cloud() == null ? "(default)" : t.cloud(),
                    t.kinds().values().stream().map(k -> k.name() + " x" + k.count()).collect(Collectors.joining(", ")),
                    t.setupProvider() == null ? "-" : t.setupProvider(), t.source());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
