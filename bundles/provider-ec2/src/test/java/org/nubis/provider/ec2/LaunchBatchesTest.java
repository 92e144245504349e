package org.nubis.provider.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nubis.api.CloudException;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.PartialLaunchException;

class LaunchBatchesTest {

    @Test
    void aCountSplitsIntoFullCallsAndTheRest() {
        assertEquals(List.of(100, 100, 50), LaunchBatches.split(250, 100));
        assertEquals(List.of(2, 2, 1), LaunchBatches.split(5, 2));
        assertEquals(List.of(3), LaunchBatches.split(3, 100));
        assertEquals(List.of(1, 1), LaunchBatches.split(2, 1));
        assertThrows(IllegalArgumentException.class, () -> LaunchBatches.split(0, 10));
    }

    /** A cloud whose n-th call does what the test says; counts the calls and the ids it made. */
    private static final class ScriptedCalls implements LaunchBatches.Calls {
        final List<Integer> asked = new ArrayList<>();
        final BiFunction<Integer, Integer, Integer> granted;
        final RuntimeException failure;
        final int failAt;
        List<CloudInstance> lostButFound = List.of();
        private int next;

        ScriptedCalls(BiFunction<Integer, Integer, Integer> granted, int failAt, RuntimeException failure) {
            this.granted = granted;
            this.failAt = failAt;
            this.failure = failure;
        }

        @Override
        public List<CloudInstance> run(int batch, int size) {
            asked.add(size);
            if (batch == failAt) {
                throw failure;
            }
            List<CloudInstance> out = new ArrayList<>();
            for (int i = 0; i < granted.apply(batch, size); i++) {
                out.add(instance("i-" + batch + "-" + i));
            }
            next += out.size();
            return out;
        }

        @Override
        public List<CloudInstance> recover(int batch, RuntimeException e) {
            return lostButFound;
        }

        @Override
        public String describe(RuntimeException e) {
            return "cloud 'aws': RunInstances failed: " + e.getMessage();
        }

        @Override
        public RuntimeException nothingLaunched(RuntimeException e) {
            return new CloudException(describe(e), e);
        }
    }

    private static CloudInstance instance(String id) {
        return new CloudInstance(id, InstanceState.PENDING, null, Map.of(), null, null, 22, "ec2-user", "ami-1", "t3.micro", null);
    }

    @Test
    void allCallsGrantedGiveEveryInstance() {
        ScriptedCalls calls = new ScriptedCalls((b, size) -> size, -1, null);
        List<CloudInstance> got = LaunchBatches.launch("aws", 250, 100, calls);
        assertEquals(250, got.size());
        assertEquals(List.of(100, 100, 50), calls.asked);
    }

    @Test
    void aShortCallStopsTheLaunchAndCarriesWhatWasMade() {
        ScriptedCalls calls = new ScriptedCalls((b, size) -> b == 1 ? 1 : size, -1, null);
        PartialLaunchException e = assertThrows(PartialLaunchException.class,
                () -> LaunchBatches.launch("aws", 5, 2, calls));
        assertEquals(3, e.launched().size());
        assertEquals(List.of(2, 2), calls.asked, "no call after a short one");
        assertTrue(e.getMessage().contains("launched only 3 of 5"), e.getMessage());
        assertTrue(e.getMessage().contains("try another instance type or zone"), e.getMessage());
    }

    @Test
    void aFailedLaterCallCarriesEveryInstanceOfTheEarlierOnes() {
        RuntimeException capacity = new RuntimeException("InsufficientInstanceCapacity (capacity: try another instance type or zone)");
        ScriptedCalls calls = new ScriptedCalls((b, size) -> size, 1, capacity);
        PartialLaunchException e = assertThrows(PartialLaunchException.class,
                () -> LaunchBatches.launch("aws", 5, 2, calls));
        assertEquals(List.of("i-0-0", "i-0-1"), e.launched().stream().map(CloudInstance::cloudId).toList());
        assertSame(capacity, e.getCause());
        assertTrue(e.getMessage().contains("InsufficientInstanceCapacity"), e.getMessage());
        assertTrue(e.getMessage().contains("2 of 5 instances were launched"), e.getMessage());
        assertEquals(List.of(2, 2), calls.asked);
    }

    @Test
    void instancesOfACallWhoseAnswerWasLostAreCountedToo() {
        ScriptedCalls calls = new ScriptedCalls((b, size) -> size, 1, new RuntimeException("read timed out"));
        calls.lostButFound = List.of(instance("i-lost-1"));
        PartialLaunchException e = assertThrows(PartialLaunchException.class,
                () -> LaunchBatches.launch("aws", 6, 2, calls));
        assertEquals(List.of("i-0-0", "i-0-1", "i-lost-1"), e.launched().stream().map(CloudInstance::cloudId).toList());

        ScriptedCalls first = new ScriptedCalls((b, size) -> size, 0, new RuntimeException("read timed out"));
        first.lostButFound = List.of(instance("i-lost-2"));
        e = assertThrows(PartialLaunchException.class, () -> LaunchBatches.launch("aws", 2, 2, first));
        assertEquals(List.of("i-lost-2"), e.launched().stream().map(CloudInstance::cloudId).toList());
    }

    @Test
    void nothingLaunchedIsAPlainCloudError() {
        RuntimeException quota = new RuntimeException("VcpuLimitExceeded");
        CloudException e = assertThrows(CloudException.class,
                () -> LaunchBatches.launch("aws", 5, 2, new ScriptedCalls((b, size) -> size, 0, quota)));
        assertEquals(CloudException.class, e.getClass());
        assertSame(quota, e.getCause());
    }
}
