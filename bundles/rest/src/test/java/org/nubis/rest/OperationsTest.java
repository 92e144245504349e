package org.nubis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.NotFoundException;
import org.nubis.api.event.NubisEvents;

class OperationsTest {

    @TempDir
    Path files;
    private final List<String> topics = new CopyOnWriteArrayList<>();
    private Operations operations;

    private Operations operations(int max) {
        operations = new Operations((topic, props) -> topics.add(topic + " " + ((Operation) props.get(NubisEvents.OPERATION)).state()),
                files, max, Clock.systemUTC());
        return operations;
    }

    @AfterEach
    void close() {
        operations.close();
    }

    @Test
    void workRunsReportsProgressAndEndsWithItsResult() throws Exception {
        Operations ops = operations(4);
        OperationRecord op = ops.start("test.work", "things/a", "alice", false, self -> {
            ops.progress(self, 1, 2);
            ops.progress(self, 2, 2);
            return List.of("done");
        });
        op.await(5000);
        Operation view = ops.find(op.id()).view();
        assertEquals("succeeded", view.state());
        assertEquals(List.of("done"), view.result());
        assertEquals(2, view.done());
        assertEquals("alice", view.user());
        for (int i = 0; i < 100 && topics.size() < 3; i++) {
            Thread.sleep(20); // the finished event follows the state change
        }
        assertEquals(List.of("org/nubis/operation/PROGRESS running", "org/nubis/operation/PROGRESS running",
                "org/nubis/operation/FINISHED succeeded"), topics);
    }

    @Test
    void aFailureKeepsItsCodeAndMessageButNotAStackTrace() throws Exception {
        Operations ops = operations(4);
        OperationRecord known = ops.start("t", "x", "u", false, self -> {
            throw new NotFoundException("no such thing");
        });
        OperationRecord bug = ops.start("t", "x", "u", false, self -> {
            throw new IllegalStateException("internal detail");
        });
        known.await(5000);
        bug.await(5000);
        assertEquals(Map.of("error", "not_found", "detail", "no such thing"), known.view().error());
        assertEquals("internal", bug.view().error().get("error"));
        assertFalse(bug.view().error().get("detail").contains("internal detail"));
    }

    @Test
    void cancellingInterruptsTheWorkAndCannotBeRepeated() throws Exception {
        Operations ops = operations(4);
        CountDownLatch started = new CountDownLatch(1);
        OperationRecord op = ops.start("t", "x", "u", false, self -> {
            started.countDown();
            Thread.sleep(60_000);
            return null;
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertTrue(ops.cancel(op.id()).cancelRequested());
        op.await(5000);
        assertEquals("cancelled", op.view().state());
        assertEquals("operation_finished", assertThrows(Operations.Finished.class, () -> ops.cancel(op.id())).code());
    }

    @Test
    void tooManyAtOnceIsRefusedRatherThanQueued() throws Exception {
        Operations ops = operations(1);
        CountDownLatch release = new CountDownLatch(1);
        OperationRecord first = ops.start("t", "x", "u", true, self -> release.await(10, TimeUnit.SECONDS));
        assertTrue(Files.isDirectory(first.files()));
        Operations.Busy busy = assertThrows(Operations.Busy.class, () -> ops.start("t", "x", "u", true, self -> null));
        assertEquals("too_many_requests", busy.code());
        assertEquals(1, ops.list().size(), "the refused one leaves nothing behind");
        release.countDown();
        first.await(5000);
    }

    @Test
    void unfinishedListsTheRunningOperationsOfOneKindOnOneTargetOldestFirst() throws Exception {
        Operations ops = operations(8);
        CountDownLatch release = new CountDownLatch(1);
        OperationRecord a = ops.start("provision", "experiments/e", "u", false, self -> release.await(10, TimeUnit.SECONDS));
        Thread.sleep(5); // created a moment apart: the order is by creation time
        OperationRecord b = ops.start("provision", "experiments/e", "u", false, self -> release.await(10, TimeUnit.SECONDS));
        ops.start("provision", "experiments/other", "u", false, self -> release.await(10, TimeUnit.SECONDS));
        ops.start("run", "experiments/e", "u", false, self -> release.await(10, TimeUnit.SECONDS));
        ops.start("provision", "experiments/e", "u", false, self -> null).await(5000);

        assertEquals(List.of(a.id(), b.id()), ops.unfinished("provision", "experiments/e").stream().map(OperationRecord::id).toList());
        release.countDown();
        a.await(5000);
        b.await(5000);
        assertEquals(List.of(), ops.unfinished("provision", "experiments/e"));
    }

    @Test
    void unknownOperationsAreNotFound() {
        Operations ops = operations(1);
        assertThrows(NotFoundException.class, () -> ops.find("op-nosuch"));
    }

    @Test
    void theNewestComesFirstAndBeyondTheLimitOnlyOperationsOlderThanTheMinimumAgeAreForgottenWith410() throws Exception {
        MovableClock clock = new MovableClock();
        operations = new Operations((topic, props) -> { }, files, 8, clock);
        Operations ops = operations;
        String first = null;
        for (int i = 0; i < Operations.KEEP_FINISHED + 5; i++) {
            clock.move(java.time.Duration.ofMillis(1));
            OperationRecord op = ops.start("t", "x" + i, "u", false, self -> null);
            op.await(5000);
            first = first == null ? op.id() : first;
        }
        assertEquals(Operations.KEEP_FINISHED + 5, ops.list().size(), "all finished within minutes: all kept");
        assertEquals("x" + (Operations.KEEP_FINISHED + 4), ops.list().get(0).target());

        clock.move(Operations.KEEP_AT_LEAST.plusMinutes(1));
        ops.start("t", "late", "u", false, self -> null).await(5000);
        List<Operation> kept = ops.list();
        assertTrue(kept.size() <= Operations.KEEP_FINISHED + 1, "at most the limit, plus the one just started: " + kept.size());
        assertEquals("late", kept.get(0).target());
        String id = first;
        Operations.Gone gone = assertThrows(Operations.Gone.class, () -> ops.find(id));
        assertEquals("gone", gone.code());
        assertTrue(gone.getMessage().startsWith("operation " + id + " (t on x0) ended succeeded at "), gone.getMessage());
        assertThrows(NotFoundException.class, () -> ops.find("op-never-was"));
    }
}
