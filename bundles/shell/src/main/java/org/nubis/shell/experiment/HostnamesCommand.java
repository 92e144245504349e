package org.nubis.shell.experiment;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "exp", name = "hostnames",
        description = "Prints the host names of the selected instances, one per line (host:port when SSH is not on 22).")
@Service
public class HostnamesCommand extends SelectionCommandSupport {

    @Option(name = "--private", description = "Private addresses instead of public ones", required = false, multiValued = false)
    boolean privateNames;

    @Override
    protected void doExecute() {
        experiments.hostnames(experiment, tags(), privateNames).forEach(System.out::println);
    }
}
