package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.machine.Machine;
import org.nubis.shell.Json;

@Command(scope = "exp", name = "list", description = "Lists the selected instances of an experiment, as their clouds report them now.")
@Service
public class ListCommand extends SelectionCommandSupport {

    @Option(name = "--json", description = "Print the instances as JSON", required = false, multiValued = false)
    boolean json;

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    protected void doExecute() {
        List<Machine> instances = experiments.list(experiment, tags());
        if (json) {
            Json.print(System.out, instances);
        } else {
            InstanceTable.print(instances, noFormat);
        }
    }
}
