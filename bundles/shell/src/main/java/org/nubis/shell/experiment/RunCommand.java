package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.experiment.CommandFailedException;
import org.nubis.api.ssh.CommandResult;
import org.nubis.shell.Json;
import org.nubis.shell.ProgressLine;

@Command(scope = "exp", name = "run",
        description = "Runs a shell command on the selected instances, in parallel; fails if any instance does not exit 0 (unless --no-check).")
@Service
public class RunCommand extends SelectionCommandSupport {

    @Option(name = "--user", aliases = "-u", description = "Login user (default: each instance's)", required = false, multiValued = false)
    String user;

    @Option(name = "--no-check", description = "Do not fail when an instance exits non-zero", required = false, multiValued = false)
    boolean noCheck;

    @Option(name = "--json", description = "Print the results as JSON", required = false, multiValued = false)
    boolean json;

    @Argument(index = 0, name = "command", description = "The command (quote it when it has options or shell syntax)",
            required = true, multiValued = true)
    List<String> command;

    @Override
    protected void doExecute() throws Exception {
        List<CommandResult> results;
        try (ProgressLine<CommandResult> progress = new ProgressLine<>(session, "run", r -> !r.succeeded())) {
            results = experiments.run(experiment, tags(), String.join(" ", command), user, !noCheck, progress);
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
