package org.nubis.shell.cluster;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.ClusterTemplates;

/** Completes the names of cluster templates. */
@Service
public class TemplateNameCompleter implements Completer {

    @Reference
    private ClusterTemplates templates;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(templates.templates().stream().map(ClusterTemplate::name).toList())
                .complete(session, commandLine, candidates);
    }
}
