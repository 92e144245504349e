package org.nubis.shell.experiment;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.experiment.ExperimentService;

/** Completes the names of existing experiments. */
@Service
public class ExperimentNameCompleter implements Completer {

    @Reference
    private ExperimentService experiments;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (Experiment e : experiments.experiments()) {
            names.getStrings().add(e.name());
        }
        return names.complete(session, commandLine, candidates);
    }
}
