package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.nubis.api.ssh.CommandResult;
import org.nubis.shell.ProgressLine;

@Command(scope = "exp", name = "copy-and-run",
        description = "Copies a local script to the selected instances and runs it there with the arguments, in parallel.")
@Service
public class CopyAndRunCommand extends FanOutCommandSupport {

    @Argument(index = 0, name = "script", description = "Local script file", required = true, multiValued = false)
    @Completion(FileCompleter.class)
    String script;

    @Argument(index = 1, name = "args", description = "Arguments for the script", required = false, multiValued = true)
    List<String> args;

    @Override
    protected List<CommandResult> fanOut(ProgressLine<CommandResult> progress) throws Exception {
        return experiments.copyAndRun(experiment, tags(), localPath(script), args == null ? List.of() : args,
                user, !noCheck, progress);
    }

    @Override
    protected String name() {
        return "copy-and-run";
    }
}
