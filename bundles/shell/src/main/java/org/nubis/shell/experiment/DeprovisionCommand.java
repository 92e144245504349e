package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.experiment.Instance;

@Command(scope = "exp", name = "deprovision", description = "Terminates the selected instances and forgets them.")
@Service
public class DeprovisionCommand extends SelectionCommandSupport {

    @Override
    protected void doExecute() {
        List<Instance> gone = experiments.deprovision(experiment, tags());
        System.out.println(gone.size() + " instance(s) deprovisioned"
                + (gone.isEmpty() ? "." : ": " + String.join(", ", gone.stream().map(Instance::id).toList())));
    }
}
