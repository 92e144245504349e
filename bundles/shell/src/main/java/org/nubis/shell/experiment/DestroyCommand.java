package org.nubis.shell.experiment;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "exp", name = "destroy", description = "Deprovisions every instance of an experiment, then forgets the experiment.")
@Service
public class DestroyCommand extends ExperimentCommandSupport {

    @Argument(index = 0, name = "name", description = "The experiment", required = true, multiValued = false)
    @Completion(ExperimentNameCompleter.class)
    String name;

    @Override
    protected void doExecute() {
        experiments.destroy(name);
        System.out.println("Experiment " + name + " destroyed.");
    }
}
