package org.nubis.shell.experiment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

/** Base of the commands that address instances of an experiment by tags. */
public abstract class SelectionCommandSupport extends ExperimentCommandSupport {

    @Option(name = "-e", aliases = "--experiment", description = "The experiment", required = true, multiValued = false)
    @Completion(ExperimentNameCompleter.class)
    protected String experiment;

    @Option(name = "-t", aliases = "--tag", description = "Select the instances carrying this tag; repeat to require several; none selects all",
            required = false, multiValued = true)
    protected List<String> tags;

    protected Set<String> tags() {
        return tags == null ? Set.of() : new LinkedHashSet<>(tags);
    }
}
