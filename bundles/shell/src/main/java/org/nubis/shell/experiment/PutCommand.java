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

@Command(scope = "exp", name = "put", description = "Copies a local file to the selected instances over SFTP, in parallel.")
@Service
public class PutCommand extends SelectionCommandSupport {

    @Option(name = "--user", aliases = "-u", description = "Login user (default: each instance's)", required = false, multiValued = false)
    String user;

    @Argument(index = 0, name = "local", description = "Local file", required = true, multiValued = false)
    @Completion(FileCompleter.class)
    String local;

    @Argument(index = 1, name = "remote", description = "Remote path (relative paths are in the login directory)",
            required = true, multiValued = false)
    String remote;

    @Override
    protected void doExecute() throws Exception {
        List<TransferResult> results;
        try (ProgressLine<TransferResult> progress = new ProgressLine<>(session, "put", r -> !r.succeeded())) {
            results = experiments.put(experiment, tags(), localPath(local), remote, user, progress);
        }
        TransferResults.printAndCheck(results, "put");
    }
}
