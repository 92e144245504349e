package org.nubis.shell.cloud;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.shell.Json;

@Command(scope = "cloud", name = "list", description = "Lists the configured clouds (etc/org.nubis.cloud-NAME.cfg) and whether their provider is deployed.")
@Service
public class ListCloudsCommand implements Action {

    @Reference
    private CloudRegistry clouds;

    @Option(name = "--json", description = "Print as JSON", required = false, multiValued = false)
    boolean json;

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    public Object execute() {
        if (json) {
            Json.print(System.out, clouds.clouds());
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Type");
        table.column("Default");
        table.column("Status");
        for (CloudInfo c : clouds.clouds()) {
            table.addRow().addContent(c.name(), c.type(), c.name().equals(clouds.defaultCloud()) ? "*" : "", c.status());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
