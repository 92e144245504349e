package org.nubis.core.fakes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.setup.NodeSetupResult;
import org.nubis.api.setup.SetupProvider;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;

/**
 * A setup provider that configures nothing: it records each run, says ok for every node unless
 * told that one fails, and can be held inside a run (to see what else happens meanwhile).
 */
public final class FakeSetup implements SetupProvider {

    private final String name;
    public final List<SetupRun> runs = new CopyOnWriteArrayList<>();
    public final Map<String, String> failures = new ConcurrentHashMap<>();
    /** Errors {@link #validate} reports. */
    public volatile List<String> problems = List.of();
    /** When set, a run waits for it after counting down {@link #entered}. */
    public volatile CountDownLatch hold;
    public final CountDownLatch entered = new CountDownLatch(1);

    public FakeSetup(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "records setup runs";
    }

    @Override
    public List<String> validate(ClusterTemplate template) {
        return problems;
    }

    @Override
    public SetupReport apply(SetupRun run) throws InterruptedException {
        runs.add(run);
        entered.countDown();
        CountDownLatch h = hold;
        if (h != null) {
            h.await();
        }
        List<NodeSetupResult> results = new ArrayList<>();
        for (String id : run.configure()) {
            String failure = failures.get(id);
            NodeSetupResult r = new NodeSetupResult(id, failure == null, failure, Duration.ofMillis(3), "log of " + id);
            results.add(r);
            run.progress().completed(r, results.size(), run.configure().size());
        }
        return new SetupReport(results);
    }

    public SetupRun lastRun() {
        return runs.get(runs.size() - 1);
    }
}
