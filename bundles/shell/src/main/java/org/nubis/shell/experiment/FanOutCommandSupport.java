package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Option;
import org.nubis.api.experiment.CommandFailedException;
import org.nubis.api.ssh.CommandResult;
import org.nubis.shell.Json;
import org.nubis.shell.ProgressLine;

/** Base of the commands that run something on the selected instances and show each one's result. */
public abstract class FanOutCommandSupport extends SelectionCommandSupport {

    @Option(name = "--user", aliases = "-u", description = "Login user (default: each instance's)", required = false, multiValued = false)
    protected String user;

    @Option(name = "--no-check", description = "Do not fail when an instance exits non-zero", required = false, multiValued = false)
    protected boolean noCheck;

    @Option(name = "--json", description = "Print the results as JSON", required = false, multiValued = false)
    protected boolean json;

    /** The fan-out itself, reporting to {@code progress}. */
    protected abstract List<CommandResult> fanOut(ProgressLine<CommandResult> progress) throws Exception;

    @Override
    protected void doExecute() throws Exception {
        List<CommandResult> results;
        try (ProgressLine<CommandResult> progress = new ProgressLine<>(session, name(), r -> !r.succeeded())) {
            results = fanOut(progress);
        } catch (CommandFailedException e) {
            // The results still matter when some hosts failed: show them, then fail.
            show(e.results());
            throw e;
        }
        show(results);
    }

    protected abstract String name();

    private void show(List<CommandResult> results) {
        if (json) {
            Json.print(System.out, results);
        } else {
            CommandResults.print(results);
        }
    }
}
