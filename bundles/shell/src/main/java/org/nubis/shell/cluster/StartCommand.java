package org.nubis.shell.cluster;

import java.time.Duration;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.Progress;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.StartOptions;

@Command(scope = "cluster", name = "start",
        description = "Starts every node in parallel, waits until all answer SSH, then runs the setup. On failure everything is destroyed (Ctrl-C too).")
@Service
public class StartCommand extends ClusterCommandSupport {

    @Option(name = "--min-nodes", description = "Keep going when at least this many nodes came up (each kind keeping its minCount, at least 1)",
            required = false, multiValued = false)
    Integer minNodes;

    @Option(name = "--timeout", description = "Seconds the start may take (default: the template's startTimeout)", required = false, multiValued = false)
    Integer timeout;

    @Argument(index = 0, name = "name", description = "The cluster", required = true, multiValued = false)
    @Completion(ClusterNameCompleter.class)
    String name;

    @Override
    protected void doExecute() throws Exception {
        if (timeout != null && timeout < 1) {
            throw new IllegalArgumentException("--timeout must be a positive number of seconds, not " + timeout);
        }
        long start = System.nanoTime();
        Cluster c = withProgress(name, () -> clusters.start(name,
                new StartOptions(minNodes, timeout == null ? null : Duration.ofSeconds(timeout)), Progress.none()));
        System.out.printf("Cluster %s is %s with %d node(s) after %.1f s%s.%n", name, c.state().label(), c.spec().nodeCount(),
                (System.nanoTime() - start) / 1e9, c.stateReason() == null ? "" : " (" + c.stateReason() + ")");
    }
}
