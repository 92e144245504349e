package org.nubis.setup.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.nubis.api.Progress;
import org.nubis.api.setup.NodeSetupResult;
import org.nubis.api.setup.SetupReport;

class SetupLedgerTest {

    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final Progress<NodeSetupResult> progress = (r, done, total) -> reported.add(r.nodeId() + " " + done + "/" + total);

    @Test
    void coversTheRunsNodesInClusterOrderThenIdsItDoesNotKnowSorted() {
        SetupLedger ledger = new SetupLedger(TestRuns.run(
                List.of(TestRuns.node("c-3"), TestRuns.node("c-1"), TestRuns.node("c-2"), TestRuns.node("c-4")),
                Set.of("c-1", "c-3", "gone-b"), Set.of("c-2", "gone-a"), Duration.ofSeconds(30), progress));

        assertEquals(List.of("c-3", "c-1", "c-2", "gone-a", "gone-b"), ledger.nodeIds(), "c-4 is in neither set");
        assertTrue(ledger.configures("c-1"));
        assertFalse(ledger.configures("c-2"));
        assertThrows(IllegalArgumentException.class, () -> ledger.log("c-4", "x"));
    }

    @Test
    void aNodesFirstResultCountsAndIsReportedOnceWithItsLog() {
        SetupLedger ledger = ledger("a", "b");
        ledger.log("a", "== step 1\n");
        ledger.finish("a", false, "step 1 exited 3:\n  cannot reach\r\n frontend  ");
        ledger.log("a", "later\n");
        ledger.finish("a", true, null);
        ledger.finish("b", true, null);

        SetupReport report = ledger.report();
        NodeSetupResult a = report.results().get(0);
        assertFalse(a.ok());
        assertEquals("step 1 exited 3: cannot reach frontend", a.message(), "one line");
        assertEquals("== step 1\n", a.log(), "the log as it was when the node finished");
        assertTrue(report.results().get(1).ok());
        assertNull(report.results().get(1).message());
        assertEquals(List.of("a 1/2", "b 2/2"), reported);
    }

    @Test
    void closingFailsTheNodesLeftWithTheReasonAndWhatTheyWereDoing() {
        SetupLedger ledger = ledger("a", "b", "c");
        ledger.finish("a", true, null);
        ledger.step("b", "running slow.sh");

        ledger.closeAll("setup timed out after 2 s");
        ledger.finish("b", true, null);
        ledger.closeAll("setup cancelled");

        List<NodeSetupResult> results = ledger.report().results();
        assertEquals("setup timed out after 2 s", results.get(1).message());
        assertFalse(results.get(1).ok(), "a result after closing does not count");
        assertEquals("== setup timed out after 2 s (while running slow.sh)\n", results.get(1).log());
        assertEquals("== setup timed out after 2 s\n", results.get(2).log());
        assertEquals(List.of("a 1/3", "b 2/3", "c 3/3"), reported);
    }

    @Test
    void aNodeWithoutResultAtTheReportFailsAsSuchAndALongMessageIsCut() {
        SetupLedger ledger = ledger("a", "b");
        ledger.finish("a", false, "x".repeat(1000));

        List<NodeSetupResult> results = ledger.report().results();
        assertEquals(SetupMessages.MESSAGE_LIMIT, results.get(0).message().length());
        assertTrue(results.get(0).message().endsWith("..."));
        assertEquals("setup ended without a result for this node", results.get(1).message());
    }

    @Test
    void aFailingProgressListenerDoesNotStopTheRun() {
        SetupLedger ledger = new SetupLedger(TestRuns.run(List.of(TestRuns.node("a"), TestRuns.node("b")), Set.of("a", "b"),
                Set.of(), Duration.ofSeconds(30), (r, done, total) -> {
                    throw new IllegalStateException("listener broke");
                }));
        ledger.finish("a", true, null);
        ledger.finish("b", false, "failed");
        assertEquals(List.of("b"), ledger.report().failures().stream().map(NodeSetupResult::nodeId).toList());
    }

    @Test
    void theDeadlineIsTheRunsTimeoutElseTheTemplatesSetupTimeout() {
        assertEquals(Duration.ofSeconds(30), ledger("a").deadline().timeout());
        assertEquals("setup timed out after 30 s", ledger("a").deadline().timedOut());
        SetupLedger fromTemplate = new SetupLedger(TestRuns.run(List.of(TestRuns.node("a")), Set.of("a"), Set.of(), null,
                progress));
        assertEquals(Duration.ofSeconds(60), fromTemplate.deadline().timeout());
        assertFalse(fromTemplate.deadline().passed());
        assertTrue(SetupDeadline.in(Duration.ZERO).passed());
        assertEquals(Duration.ZERO, SetupDeadline.in(Duration.ZERO).remaining());
    }

    @Test
    void messagesAreOneLineAndDurationsReadable() {
        assertEquals("cannot reach frontend", SetupMessages.lastLine("checking\ncannot reach frontend  \n\n"));
        assertNull(SetupMessages.lastLine(" \n"));
        assertEquals("2 s", SetupMessages.seconds(Duration.ofSeconds(2)));
        assertEquals("0.35 s", SetupMessages.seconds(Duration.ofMillis(350)));
        assertEquals("12.5 s", SetupMessages.seconds(Duration.ofMillis(12_500)));
        assertEquals("? s", SetupMessages.seconds(null));
    }

    private SetupLedger ledger(String... ids) {
        return new SetupLedger(TestRuns.run(Set.of(ids).stream().sorted().map(TestRuns::node).toList(), Set.of(ids), Set.of(),
                Duration.ofSeconds(30), progress));
    }
}
