package org.nubis.shell.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.shell.cloud.CloudNameCompleter;

@Command(scope = "exp", name = "provision",
        description = "Asks a cloud for instances and returns at once (they boot in the background; exp:wait waits for them).")
@Service
public class ProvisionCommand extends SelectionCommandSupport {

    @Option(name = "--cloud", description = "Cloud to use (default: the configured default cloud)", required = false, multiValued = false)
    @Completion(CloudNameCompleter.class)
    String cloud;

    @Option(name = "--image", description = "Image (default: the cloud's default)", required = false, multiValued = false)
    String image;

    @Option(name = "--flavor", description = "Flavor / instance type (default: the cloud's default)", required = false, multiValued = false)
    String flavor;

    @Option(name = "--count", aliases = "-n", description = "How many instances (default 1)", required = false, multiValued = false)
    int count = 1;

    @Option(name = "--user-data", description = "Local file each instance runs once at boot when it starts with #!",
            required = false, multiValued = false)
    @Completion(FileCompleter.class)
    String userData;

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    protected void doExecute() throws IOException {
        String script = null;
        if (userData != null) {
            Path file = localPath(userData);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such user data file: " + file);
            }
            script = Files.readString(file);
        }
        List<Machine> created = experiments.provision(experiment, new ProvisionRequest(cloud, image, flavor, count, tags(), script));
        InstanceTable.print(created, noFormat);
        System.out.println(created.size() + " instance(s) requested. Next: exp:wait -e " + experiment);
    }
}
