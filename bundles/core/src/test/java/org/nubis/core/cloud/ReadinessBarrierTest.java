package org.nubis.core.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubis.api.CloudException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.machine.Machine;
import org.nubis.core.CoreThreads;
import org.nubis.core.fakes.FakeCloud;
import org.nubis.core.fakes.FakeClouds;
import org.nubis.core.fakes.FakeSsh;
import org.nubis.core.fakes.MemoryMachines;

class ReadinessBarrierTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    private final FakeClouds clouds = new FakeClouds("local");
    private final FakeCloud cloud = clouds.get("local");
    private final MachineStateSync sync = new MachineStateSync(clouds, new MemoryMachines());
    private final FakeSsh ssh = new FakeSsh();
    private final ExecutorService probes = CoreThreads.bounded("test-probe", 2);
    private final ReadinessBarrier barrier = new ReadinessBarrier(ssh, probes);

    @AfterEach
    void stopPool() {
        probes.shutdownNow();
    }

    /** A machine paired with a new instance of the fake cloud (running, with an address) in the given state. */
    private Machine machine(String id, InstanceState state) {
        CloudInstance c = cloud.add(InstanceState.RUNNING, Map.of());
        if (state != InstanceState.RUNNING) {
            cloud.set(c.cloudId(), state);
        }
        return Machine.plannedInstance(id, "exp", "local", Set.of(), "img", "small", "L", Instant.now()).withCloud(c);
    }

    private static Machine notYetCreated(String id) {
        return Machine.plannedInstance(id, "exp", "local", Set.of(), "img", "small", "L", Instant.now());
    }

    private static List<String> ids(List<Machine> ms) {
        return ms.stream().map(Machine::id).toList();
    }

    @Test
    void nothingToWaitForIsReadyAtOnce() throws Exception {
        ReadinessBarrier.Outcome o = barrier.await(List.of(), sync::refresh, LONG, true, Progress.none());
        assertTrue(o.complete());
        assertNull(o.verdict());
        assertEquals(List.of(), ssh.calls, "no probe without machines");
    }

    @Test
    void machinesReadyInLaterRoundsComeBackInTheOrderGivenWithProgressAsTheyCome() throws Exception {
        Machine a = machine("a", InstanceState.RUNNING);
        Machine b = machine("b", InstanceState.RUNNING);
        AtomicInteger probesOfA = new AtomicInteger();
        ssh.answer("a", t -> probesOfA.incrementAndGet() == 1 ? FakeSsh.error(t, "connection refused") : FakeSsh.exit(t, 0, "", ""));
        List<String> progress = new CopyOnWriteArrayList<>();

        ReadinessBarrier.Outcome o = barrier.await(List.of(a, b), sync::refresh, LONG, true,
                (m, done, total) -> progress.add(m.id() + " " + done + "/" + total));

        assertTrue(o.complete());
        assertEquals(List.of("a", "b"), ids(o.ready()));
        assertEquals(List.of("b 1/2", "a 2/2"), progress);
        assertEquals(List.of(List.of("a", "b"), List.of("a")), ssh.calls("run").stream().map(FakeSsh.Call::ids).toList(),
                "a ready machine is not probed again");
    }

    @Test
    void aSelectionReadAgainEachRoundBringsMachinesRecordedAfterTheWaitBeganAndTheirCloudIds() throws Exception {
        // As a provision running beside the wait: first a record without its cloud id, then the
        // record paired with its instance, and a second record.
        Machine a = notYetCreated("a");
        Machine aCreated = machine("a", InstanceState.RUNNING);
        Machine b = machine("b", InstanceState.RUNNING);
        List<List<Machine>> rounds = List.of(List.of(a), List.of(aCreated, b));
        AtomicInteger round = new AtomicInteger();
        List<String> progress = new CopyOnWriteArrayList<>();

        ReadinessBarrier.Outcome o = barrier.await(() -> rounds.get(Math.min(round.getAndIncrement(), 1)), sync::refresh,
                LONG, true, (m, done, total) -> progress.add(m.id() + " " + done + "/" + total));

        assertTrue(o.complete(), String.valueOf(o.notReady()));
        assertEquals(List.of("a", "b"), ids(o.ready()));
        assertEquals(2, round.get());
        assertEquals(List.of("a 1/2", "b 2/2"), progress);
    }

    @Test
    void aRecordDeletedWhileWaitingIsNoLongerWaitedFor() throws Exception {
        Machine gone = notYetCreated("a");
        Machine b = machine("b", InstanceState.RUNNING);
        AtomicInteger round = new AtomicInteger();

        ReadinessBarrier.Outcome o = barrier.await(() -> round.getAndIncrement() == 0 ? List.of(gone, b) : List.of(b),
                sync::refresh, LONG, true, Progress.none());

        assertTrue(o.complete(), String.valueOf(o.notReady()));
        assertEquals(List.of("b"), ids(o.ready()));
    }

    @Test
    void atTheDeadlineEachMachineSaysWhyItIsNotReady() throws Exception {
        Machine created = notYetCreated("a");
        Machine pending = machine("b", InstanceState.PENDING);
        Machine refused = machine("c", InstanceState.RUNNING);
        Machine failing = machine("d", InstanceState.RUNNING);
        Machine fine = machine("e", InstanceState.RUNNING);
        ssh.fails("c", "connection refused").exits("d", 1, "", "");

        ReadinessBarrier.Outcome o = barrier.await(List.of(created, pending, refused, failing, fine), sync::refresh,
                Duration.ofMillis(100), true, Progress.none());

        assertEquals(Map.of("a", "not yet created by its cloud", "b", "pending", "c", "running; SSH: connection refused",
                "d", "running; SSH: exit status 1"), o.notReady());
        assertEquals(List.of("e"), ids(o.ready()));
        assertTrue(o.verdict().matches("not ready after \\d+ s"), o.verdict());
        assertTrue(o.describe("instance").startsWith("4 of 5 instances not ready after "), o.describe("instance"));
        assertTrue(o.describe("instance").contains("c (running; SSH: connection refused)"));
    }

    @Test
    void oneLostMachineEndsTheWaitWhenAsked() throws Exception {
        Machine lost = machine("a", InstanceState.STOPPED);
        Machine pending = machine("b", InstanceState.PENDING);

        ReadinessBarrier.Outcome o = barrier.await(List.of(lost, pending), sync::refresh, LONG, true, Progress.none());

        assertEquals("can never all become ready", o.verdict());
        assertEquals(Map.of("a", "stopped: set by the test", "b", "pending"), o.notReady());
        assertEquals("1 of 1 instance can never all become ready: a (stopped: set by the test)",
                new ReadinessBarrier.Outcome(List.of(), Map.of("a", "stopped: set by the test"), o.verdict()).describe("instance"),
                "one machine: the noun is singular");
    }

    @Test
    void otherwiseTheOthersAreAwaitedAndTheWaitEndsWhenOnlyLostOnesRemain() throws Exception {
        Machine lost = machine("a", InstanceState.TERMINATED);
        Machine late = machine("b", InstanceState.RUNNING);
        AtomicInteger probesOfB = new AtomicInteger();
        ssh.answer("b", t -> probesOfB.incrementAndGet() == 1 ? FakeSsh.error(t, "connection refused") : FakeSsh.exit(t, 0, "", ""));

        ReadinessBarrier.Outcome o = barrier.await(List.of(lost, late), sync::refresh, LONG, false, Progress.none());

        assertEquals(List.of("b"), ids(o.ready()), "b had its second chance");
        assertEquals(Map.of("a", "terminated: set by the test"), o.notReady());
        assertEquals("can never all become ready", o.verdict());
    }

    @Test
    void aMachineItsCloudRefusedToCreateIsLostNotAwaited() throws Exception {
        // The launcher records a node the cloud did not create as terminated, without a cloud id.
        Machine refused = notYetCreated("a").withState(InstanceState.TERMINATED, "not created: quota exceeded");
        Machine fine = machine("b", InstanceState.RUNNING);

        ReadinessBarrier.Outcome o = barrier.await(List.of(refused, fine), sync::refresh, Duration.ofMillis(300), true,
                Progress.none());

        assertEquals("can never all become ready", o.verdict(), "waiting longer cannot create it");
        assertEquals(Map.of("a", "terminated: not created: quota exceeded"), o.notReady(), "the cloud's reason is kept");
    }

    @Test
    void aProbeThatFailsAsAWholeCountsForEveryMachineItProbed() throws Exception {
        ssh.runFailure = new CloudException("no SSH key");
        ReadinessBarrier.Outcome o = barrier.await(List.of(machine("a", InstanceState.RUNNING)), sync::refresh,
                Duration.ofMillis(50), true, Progress.none());
        assertEquals(Map.of("a", "running; SSH probe failed: no SSH key"), o.notReady());
    }

    @Test
    void aProbeThatDoesNotAnswerIsAbandonedAtTheDeadline() throws Exception {
        ssh.hangs("a");
        ReadinessBarrier.Outcome o = barrier.await(List.of(machine("a", InstanceState.RUNNING)), sync::refresh,
                Duration.ofMillis(50), true, Progress.none());
        assertEquals(Map.of("a", "running; SSH: no answer yet"), o.notReady());
        assertTrue(ssh.hangInterrupted.await(10, TimeUnit.SECONDS), "the probe's thread is given back to the pool");
    }

    @Test
    void anInterruptedWaitThrows() {
        Machine pending = machine("a", InstanceState.PENDING);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> barrier.await(List.of(pending), sync::refresh, LONG, true, Progress.none()));
    }

    @Test
    void refreshedStateIsWhatTheOutcomeReturns() throws Exception {
        Machine a = machine("a", InstanceState.PENDING);
        cloud.set(a.cloudId(), InstanceState.RUNNING);
        ReadinessBarrier.Outcome o = barrier.await(List.of(a), sync::refresh, LONG, true, Progress.none());
        assertEquals(InstanceState.RUNNING, o.ready().get(0).state(), "the caller gets the machines as they are now");
    }
}
