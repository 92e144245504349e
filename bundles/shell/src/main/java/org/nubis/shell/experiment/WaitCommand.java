package org.nubis.shell.experiment;

import java.time.Duration;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.machine.Machine;
import org.nubis.shell.ProgressLine;

@Command(scope = "exp", name = "wait", description = "Waits until the selected instances run and answer SSH (Ctrl-C stops waiting).")
@Service
public class WaitCommand extends SelectionCommandSupport {

    @Option(name = "--timeout", description = "Seconds to wait at most (default: waitTimeoutSeconds of etc/org.nubis.core.cfg)",
            required = false, multiValued = false)
    int timeoutSeconds;

    @Override
    protected void doExecute() throws Exception {
        Duration timeout = timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds) : null;
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("--timeout must be a positive number of seconds, not " + timeoutSeconds);
        }
        long start = System.nanoTime();
        List<Machine> ready;
        try (ProgressLine<Machine> progress = new ProgressLine<>(session, "wait: ready", i -> false)) {
            ready = experiments.awaitReady(experiment, tags(), timeout, progress);
        }
        System.out.printf("%d instance(s) ready in %.1f s.%n", ready.size(), (System.nanoTime() - start) / 1e9);
    }
}
