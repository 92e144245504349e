package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.ssh.CommandResult;
import org.nubis.shell.ProgressLine;

@Command(scope = "exp", name = "run",
        description = "Runs a shell command on the selected instances, in parallel; fails if any instance does not exit 0 (unless --no-check).")
@Service
public class RunCommand extends FanOutCommandSupport {

    @Argument(index = 0, name = "command", description = "The command (quote it when it has options or shell syntax)",
            required = true, multiValued = true)
    List<String> command;

    @Override
    protected List<CommandResult> fanOut(ProgressLine<CommandResult> progress) throws Exception {
        return experiments.run(experiment, tags(), String.join(" ", command), user, !noCheck, progress);
    }

    @Override
    protected String name() {
        return "run";
    }
}
