package org.nubis.shell.cloud;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.ProviderInfo;
import org.nubis.shell.Json;

@Command(scope = "cloud", name = "providers", description = "Lists the cloud provider types deployed right now.")
@Service
public class ProvidersCommand implements Action {

    @Reference
    private CloudRegistry clouds;

    @Option(name = "--json", description = "Print as JSON", required = false, multiValued = false)
    boolean json;

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    public Object execute() {
        if (json) {
            Json.print(System.out, clouds.providers());
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Description");
        table.column("Bundle");
        for (ProviderInfo p : clouds.providers()) {
            table.addRow().addContent(p.type(), p.description(), p.bundle());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
