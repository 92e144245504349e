package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.experiment.Experiment;
import org.nubis.shell.Json;

@Command(scope = "exp", name = "experiments", description = "Lists the experiments.")
@Service
public class ExperimentsCommand extends ExperimentCommandSupport {

    @Option(name = "--json", description = "Print the experiments as JSON", required = false, multiValued = false)
    boolean json;

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    protected void doExecute() {
        List<Experiment> all = experiments.experiments();
        if (json) {
            Json.print(System.out, all);
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Created");
        for (Experiment e : all) {
            table.addRow().addContent(e.name(), e.createdAt().toString());
        }
        table.print(System.out, !noFormat);
    }
}
