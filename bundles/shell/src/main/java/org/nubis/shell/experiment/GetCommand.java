package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.nubis.api.ssh.TransferResult;
import org.nubis.shell.ProgressLine;

@Command(scope = "exp", name = "get",
        description = "Copies a remote file from the selected instances; with several, each local copy gets the instance id appended.")
@Service
public class GetCommand extends SelectionCommandSupport {

    @Option(name = "--user", aliases = "-u", description = "Login user (default: each instance's)", required = false, multiValued = false)
    String user;

    @Argument(index = 0, name = "remote", description = "Remote path", required = true, multiValued = false)
    String remote;

    @Argument(index = 1, name = "local", description = "Local file or directory", required = true, multiValued = false)
    @Completion(FileCompleter.class)
    String local;

    @Override
    protected void doExecute() throws Exception {
        List<TransferResult> results;
        try (ProgressLine<TransferResult> progress = new ProgressLine<>(session, "get", r -> !r.succeeded())) {
            results = experiments.get(experiment, tags(), remote, localPath(local), user, progress);
        }
        TransferResults.printAndCheck(results, "got");
    }
}
