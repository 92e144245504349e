package org.nubis.shell.cloud;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cloud.CloudInfo;

@Command(scope = "cloud", name = "list", description = "Lists the configured clouds (etc/org.nubis.cloud-NAME.cfg) and whether their provider is deployed.")
@Service
public class ListCloudsCommand extends CloudCommandSupport {

    @Override
    protected Object data() {
        return clouds.clouds();
    }

    @Override
    protected ShellTable table() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Type");
        table.column("Default");
        table.column("Status");
        for (CloudInfo c : clouds.clouds()) {
            table.addRow().addContent(c.name(), c.type(), c.name().equals(clouds.defaultCloud()) ? "*" : "", c.status());
        }
        return table;
    }
}
