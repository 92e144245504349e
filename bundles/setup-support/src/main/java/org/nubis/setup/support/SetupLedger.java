package org.nubis.setup.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.nubis.api.Progress;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.NodeSetupResult;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-node book of one setup run: the nodes it covers in report order, each node's log, what it
 * is doing and its result, reported to the run's {@link Progress} as results come. A node's first
 * result counts. {@link #closeAll} ends the run: every node without a result gets the reason
 * (the deadline, a cancellation), and results that come later are ignored. Thread-safe.
 */
public final class SetupLedger {

    /** What the nodes left get when the calling thread is interrupted. */
    public static final String CANCELLED = "setup cancelled";
    private static final Logger LOG = LoggerFactory.getLogger(SetupLedger.class);

    private static final class Entry {
        final StringBuilder log = new StringBuilder();
        String step;
        NodeSetupResult result;
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> configure;
    private final Progress<NodeSetupResult> progress;
    private final SetupDeadline deadline;
    private int done;
    private boolean closed;

    /** Starts the run's clock: its deadline and the nodes' durations count from now. */
    public SetupLedger(SetupRun run) {
        this.deadline = SetupDeadline.of(run);
        this.configure = run.configure();
        this.progress = run.progress() == null ? Progress.none() : run.progress();
        // The run's nodes in cluster order, then ids the run names that are not among them (they fail).
        Set<String> ids = new LinkedHashSet<>();
        run.nodes().stream().map(Machine::id).filter(id -> run.configure().contains(id) || run.refresh().contains(id))
                .forEach(ids::add);
        Stream.concat(run.configure().stream(), run.refresh().stream()).sorted().forEach(ids::add);
        ids.forEach(id -> entries.put(id, new Entry()));
    }

    /** Every node of the run, configured or refreshed, in report order. */
    public List<String> nodeIds() {
        return List.copyOf(entries.keySet());
    }

    /** Whether the node is to be configured fully, rather than refreshed. */
    public boolean configures(String nodeId) {
        return configure.contains(nodeId);
    }

    public SetupDeadline deadline() {
        return deadline;
    }

    /** Adds text to the node's log. */
    public void log(String nodeId, String text) {
        Entry entry = entry(nodeId);
        synchronized (entry.log) {
            entry.log.append(text);
        }
    }

    /** What the node is doing now; said in its log if the run ends before the node does. */
    public synchronized void step(String nodeId, String step) {
        entry(nodeId).step = step;
    }

    /** The node's result (the message on one line), unless it has one or the run is closed. */
    public void finish(String nodeId, boolean ok, String message) {
        Entry entry = entry(nodeId);
        NodeSetupResult result;
        int count;
        synchronized (this) {
            if (closed || entry.result != null) {
                return;
            }
            entry.result = result(nodeId, entry, ok, message);
            result = entry.result;
            count = ++done;
        }
        report(result, count);
    }

    /** Fails every node without a result with {@code reason}, then ignores results; once only. */
    public void closeAll(String reason) {
        List<NodeSetupResult> closing = new ArrayList<>();
        int first;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            first = done;
            entries.forEach((id, entry) -> {
                if (entry.result == null) {
                    log(id, "== " + reason + (entry.step == null ? "" : " (while " + entry.step + ")") + "\n");
                    entry.result = result(id, entry, false, reason);
                    closing.add(entry.result);
                    done++;
                }
            });
        }
        for (int i = 0; i < closing.size(); i++) {
            report(closing.get(i), first + i + 1);
        }
    }

    /** Every node's result in report order; a node still without one fails as ended without a result. */
    public SetupReport report() {
        closeAll("setup ended without a result for this node");
        synchronized (this) {
            return new SetupReport(entries.values().stream().map(e -> e.result).toList());
        }
    }

    private NodeSetupResult result(String nodeId, Entry entry, boolean ok, String message) {
        String log;
        synchronized (entry.log) {
            log = entry.log.toString();
        }
        return new NodeSetupResult(nodeId, ok, message == null ? null : SetupMessages.oneLine(message), deadline.elapsed(), log);
    }

    private Entry entry(String nodeId) {
        Entry entry = entries.get(nodeId);
        if (entry == null) {
            throw new IllegalArgumentException("node " + nodeId + " is not part of this setup run");
        }
        return entry;
    }

    private void report(NodeSetupResult result, int count) {
        try {
            progress.completed(result, count, entries.size());
        } catch (RuntimeException e) {
            LOG.warn("Progress listener failed on {}: {}", result.nodeId(), e.toString());
        }
    }
}
