package org.nubis.shell.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.SupportResources;
import org.nubis.api.cloud.SupportResources.SupportResource;

/** The key pairs, security groups and such that Nubis made on a cloud besides instances: listed, and removed when unused. */
@Command(scope = "cloud", name = "resources",
        description = "Lists what Nubis made on a cloud besides instances (key pairs, security groups); --remove-unused deletes those no instance uses.")
@Service
public class ResourcesCommand extends CloudCommandSupport {

    @Argument(index = 0, name = "cloud", description = "The cloud (default: the default cloud)", required = false, multiValued = false)
    @Completion(CloudNameCompleter.class)
    String cloud;

    @Option(name = "--remove-unused", description = "Delete the resources that no instance uses", required = false, multiValued = false)
    boolean removeUnused;

    private List<SupportResource> resources;
    private List<SupportResource> removed = List.of();

    private String cloudName() {
        return cloud == null ? clouds.defaultCloud() : cloud;
    }

    private List<SupportResource> resources() {
        if (resources == null) {
            CloudConnection c = clouds.connection(cloudName());
            if (c instanceof SupportResources s) {
                removed = removeUnused ? s.removeUnusedSupportResources() : List.of();
                resources = s.supportResources();
            } else {
                resources = List.of();
            }
        }
        return resources;
    }

    @Override
    protected Object data() {
        return resources();
    }

    @Override
    protected ShellTable table() {
        ShellTable table = new ShellTable();
        table.column("Kind");
        table.column("ID");
        table.column("Name");
        table.column("In use");
        for (SupportResource r : resources()) {
            table.addRow().addContent(r.kind(), r.id(), r.name(), r.inUse() ? "yes" : "no");
        }
        return table;
    }

    @Override
    protected void footer() {
        for (SupportResource r : removed) {
            System.out.println("removed " + r.kind() + " " + r.name() + " (" + r.id() + ")");
        }
        System.out.println(resources().size() + " support resource(s) on cloud '" + cloudName() + "'.");
    }
}
