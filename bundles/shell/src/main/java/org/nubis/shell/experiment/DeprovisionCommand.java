package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.machine.Machine;

@Command(scope = "exp", name = "deprovision", description = "Terminates the selected instances and forgets them.")
@Service
public class DeprovisionCommand extends SelectionCommandSupport {

    @Override
    protected void doExecute() {
        List<Machine> gone = experiments.deprovision(experiment, tags());
        System.out.println(gone.size() + " instance(s) deprovisioned"
                + (gone.isEmpty() ? "." : ": " + String.join(", ", gone.stream().map(Machine::id).toList())));
    }
}
