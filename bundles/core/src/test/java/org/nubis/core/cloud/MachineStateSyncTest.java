package org.nubis.core.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.machine.Machine;
import org.nubis.core.fakes.FakeCloud;
import org.nubis.core.fakes.FakeClouds;
import org.nubis.core.fakes.MemoryMachines;

class MachineStateSyncTest {

    private final FakeClouds clouds = new FakeClouds("a", "b");
    private final MemoryMachines machines = new MemoryMachines();
    private final MachineStateSync sync = new MachineStateSync(clouds, machines);

    private Machine instanceOn(String cloud, String id, CloudInstance c) {
        Machine m = Machine.plannedInstance(id, "exp", cloud, Set.of(), "img", "small", null, Instant.EPOCH);
        return c == null ? m : m.withCloud(c);
    }

    private Machine nodeOn(String cloud, String id, String user, CloudInstance c) {
        return Machine.plannedNode(id, "hpc", "compute", cloud, user, "img", "small", "L", Instant.EPOCH).withCloud(c);
    }

    @Test
    void takesWhatTheCloudSaysAndStoresOnlyWhatChanged() {
        FakeCloud a = clouds.get("a");
        CloudInstance one = a.add(InstanceState.PENDING, Map.of());
        CloudInstance two = a.add(InstanceState.RUNNING, Map.of());
        List<Machine> before = List.of(instanceOn("a", "exp-1", one), instanceOn("a", "exp-2", two));
        a.set(one.cloudId(), InstanceState.RUNNING);

        List<Machine> after = sync.refresh(before);
        assertEquals(InstanceState.RUNNING, after.get(0).state());
        assertSame(before.get(1), after.get(1), "unchanged records are the same records");
        assertEquals(List.of(after.get(0)), machines.all(), "only the changed one is stored");
    }

    @Test
    void aMachineTheCloudNoLongerKnowsIsTerminatedAndNotAskedAgain() {
        FakeCloud a = clouds.get("a");
        CloudInstance c = a.add(InstanceState.RUNNING, Map.of());
        a.forget(c.cloudId());
        Machine gone = sync.refresh(List.of(instanceOn("a", "exp-1", c))).get(0);
        assertEquals(InstanceState.TERMINATED, gone.state());
        assertEquals("no longer known to cloud 'a'", gone.stateReason());

        a.down = true; // asking again would fail the call
        assertEquals(List.of(gone), sync.refresh(List.of(gone)));
    }

    @Test
    void keepsRecordsOfCloudsThatCannotBeAskedAndOfLaunchesNotYetAnswered() {
        CloudInstance onB = clouds.get("b").add(InstanceState.RUNNING, Map.of());
        CloudInstance onA = clouds.get("a").add(InstanceState.PENDING, Map.of());
        clouds.get("a").set(onA.cloudId(), InstanceState.RUNNING);
        clouds.get("b").down = true;
        Machine waiting = instanceOn("a", "exp-3", null);
        List<Machine> before = List.of(instanceOn("b", "exp-1", onB), instanceOn("a", "exp-2", onA), waiting);
        List<Machine> after = sync.refresh(before);
        assertSame(before.get(0), after.get(0));
        assertEquals(InstanceState.RUNNING, after.get(1).state(), "cloud a answered for its own machines");
        assertSame(waiting, after.get(2));
    }

    @Test
    void aLoginUserOnTheRecordWinsOverTheImagesAndOtherwiseTheImagesIsTaken() {
        CloudInstance c = clouds.get("a").add(InstanceState.RUNNING, Map.of());
        assertEquals("debian", nodeOn("a", "hpc-compute-1", "debian", c).sshUser());
        assertEquals("root", nodeOn("a", "hpc-compute-2", null, c).sshUser());
        assertEquals("root", instanceOn("a", "exp-1", c).sshUser());
    }
}
