package org.nubis.shell.cloud;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudRegistry;

/** Completes the names of configured clouds. */
@Service
public class CloudNameCompleter implements Completer {

    @Reference
    private CloudRegistry clouds;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (CloudInfo c : clouds.clouds()) {
            names.getStrings().add(c.name());
        }
        return names.complete(session, commandLine, candidates);
    }
}
