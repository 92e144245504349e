package org.nubis.shell.cloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.NubisTags;
import org.nubis.shell.Json;

/** What a cloud itself reports, whatever Nubis's records say: the way to account for every instance. */
@Command(scope = "cloud", name = "instances",
        description = "Lists the instances a cloud reports (not terminated, unless --all), with the experiment that owns each.")
@Service
public class InstancesCommand implements Action {

    @Reference
    private CloudRegistry clouds;

    @Argument(index = 0, name = "cloud", description = "The cloud (default: the default cloud)", required = false, multiValued = false)
    @Completion(CloudNameCompleter.class)
    String cloud;

    @Option(name = "--all", description = "Include terminated instances", required = false, multiValued = false)
    boolean all;

    @Option(name = "--json", description = "Print as JSON", required = false, multiValued = false)
    boolean json;

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    public Object execute() {
        String name = cloud == null ? clouds.defaultCloud() : cloud;
        List<CloudInstance> instances = clouds.connection(name).describe(Map.of()).stream()
                .filter(i -> all || i.state() != InstanceState.TERMINATED).toList();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (CloudInstance i : instances) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("cloudId", i.cloudId());
                row.put("state", i.state().label());
                row.put("stateReason", i.stateReason());
                row.put("host", i.publicHost());
                row.put("sshPort", i.sshPort());
                row.put("tags", i.tags());
                rows.add(row);
            }
            Json.print(System.out, rows);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Cloud ID");
        table.column("State");
        table.column("Host");
        table.column("Port").alignRight();
        table.column("Experiment");
        table.column("Owner");
        for (CloudInstance i : instances) {
            table.addRow().addContent(i.cloudId(), i.state().label(), i.publicHost() == null ? "-" : i.publicHost(),
                    i.sshPort() == 0 ? "-" : i.sshPort(), i.tags().getOrDefault(NubisTags.EXPERIMENT, "-"),
                    i.tags().getOrDefault(NubisTags.OWNER, "-"));
        }
        table.print(System.out, !noFormat);
        System.out.println(instances.size() + " instance(s) on cloud '" + name + "'" + (all ? "." : " (not terminated)."));
        return null;
    }
}
