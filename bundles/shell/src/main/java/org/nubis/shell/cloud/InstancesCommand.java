package org.nubis.shell.cloud;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.NubisTags;

/** What a cloud itself reports, whatever Nubis's records say: the way to account for every instance. */
@Command(scope = "cloud", name = "instances",
        description = "Lists the instances a cloud reports (not terminated, unless --all), with the experiment that owns each.")
@Service
public class InstancesCommand extends CloudCommandSupport {

    @Argument(index = 0, name = "cloud", description = "The cloud (default: the default cloud)", required = false, multiValued = false)
    @Completion(CloudNameCompleter.class)
    String cloud;

    @Option(name = "--all", description = "Include terminated instances", required = false, multiValued = false)
    boolean all;

    private List<CloudInstance> instances;

    private String cloudName() {
        return cloud == null ? clouds.defaultCloud() : cloud;
    }

    private List<CloudInstance> instances() {
        if (instances == null) {
            instances = clouds.connection(cloudName()).describe(Map.of()).stream()
                    .filter(i -> all || i.state() != InstanceState.TERMINATED).toList();
        }
        return instances;
    }

    @Override
    protected Object data() {
        return instances();
    }

    @Override
    protected ShellTable table() {
        ShellTable table = new ShellTable();
        table.column("Cloud ID");
        table.column("State");
        table.column("Host");
        table.column("Port").alignRight();
        table.column("Experiment");
        table.column("Owner");
        for (CloudInstance i : instances()) {
            table.addRow().addContent(i.cloudId(), i.state().label(), i.publicHost() == null ? "-" : i.publicHost(),
                    i.sshPort() == 0 ? "-" : i.sshPort(), i.tags().getOrDefault(NubisTags.EXPERIMENT, "-"),
                    i.tags().getOrDefault(NubisTags.OWNER, "-"));
        }
        return table;
    }

    @Override
    protected void footer() {
        System.out.println(instances().size() + " instance(s) on cloud '" + cloudName() + "'" + (all ? "." : " (not terminated)."));
    }
}
