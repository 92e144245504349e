package org.nubis.shell.experiment;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "exp", name = "create", description = "Creates an experiment: a named set of instances addressed by tags.")
@Service
public class CreateCommand extends ExperimentCommandSupport {

    @Argument(index = 0, name = "name", description = "Name of the new experiment", required = true, multiValued = false)
    String name;

    @Override
    protected void doExecute() {
        experiments.create(name);
        System.out.println("Experiment " + name + " created. Next: exp:provision -e " + name + " --count N");
    }
}
