package org.nubis.shell.cloud;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cloud.ProviderInfo;

@Command(scope = "cloud", name = "providers", description = "Lists the cloud provider types deployed right now.")
@Service
public class ProvidersCommand extends CloudCommandSupport {

    @Override
    protected Object data() {
        return clouds.providers();
    }

    @Override
    protected ShellTable table() {
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Description");
        table.column("Bundle");
        for (ProviderInfo p : clouds.providers()) {
            table.addRow().addContent(p.type(), p.description(), p.bundle());
        }
        return table;
    }
}
