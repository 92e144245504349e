package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.nubis.api.experiment.CommandFailedException;
import org.nubis.api.ssh.CommandResult;
import org.nubis.shell.Json;
import org.nubis.shell.ProgressLine;

@Command(scope = "exp", name = "copy-and-run",
        description = "Copies a local script to the selected instances and runs it there with the arguments, in parallel.")
@Service
public class CopyAndRunCommand extends SelectionCommandSupport {

    @Option(name = "--user", aliases = "-u", description = "Login user (default: each instance's)", required = false, multiValued = false)
    String user;

    @Option(name = "--no-check", description = "Do not fail when an instance exits non-zero", required = false, multiValued = false)
    boolean noCheck;

    @Option(name = "--json", description = "Print the results as JSON", required = false, multiValued = false)
    boolean json;

    @Argument(index = 0, name = "script", description = "Local script file", required = true, multiValued = false)
    @Completion(FileCompleter.class)
    String script;

    @Argument(index = 1, name = "args", description = "Arguments for the script", required = false, multiValued = true)
    List<String> args;

    @Override
    protected void doExecute() throws Exception {
        List<CommandResult> results;
        try (ProgressLine<CommandResult> progress = new ProgressLine<>(session, "copy-and-run", r -> !r.succeeded())) {
            results = experiments.copyAndRun(experiment, tags(), localPath(script), args == null ? List.of() : args,
                    user, !noCheck, progress);
        } catch (CommandFailedException e) {
            show(e.results());
            throw e;
        }
        show(results);
    }

    private void show(List<CommandResult> results) {
        if (json) {
            Json.print(System.out, CommandResults.data(results));
        } else {
            CommandResults.print(results);
        }
    }
}
