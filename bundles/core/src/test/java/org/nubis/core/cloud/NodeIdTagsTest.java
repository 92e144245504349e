package org.nubis.core.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubis.api.CloudException;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.NubisTags;
import org.nubis.core.CoreThreads;
import org.nubis.core.fakes.FakeCloud;

class NodeIdTagsTest {

    private final FakeCloud cloud = new FakeCloud();
    private final ExecutorService workers = CoreThreads.bounded("test-tagging", 3);

    @AfterEach
    void stopPool() {
        workers.shutdownNow();
    }

    private List<NodeIdTags.Pair> five() {
        for (int i = 0; i < 5; i++) {
            cloud.add(InstanceState.RUNNING, Map.of(NubisTags.LAUNCH, "L"));
        }
        return List.of(new NodeIdTags.Pair("i-1", "exp-1"), new NodeIdTags.Pair("i-2", "exp-2"), new NodeIdTags.Pair("i-3", "exp-3"),
                new NodeIdTags.Pair("i-4", "exp-4"), new NodeIdTags.Pair("i-5", "exp-5"));
    }

    private String nodeTag(String cloudId) {
        return cloud.instance(cloudId).tags().get(NubisTags.NODE);
    }

    @Test
    void tagsEveryInstanceWithItsRecordsIdKeepingItsOtherTags() {
        NodeIdTags.apply(cloud, five(), workers);
        for (int i = 1; i <= 5; i++) {
            assertEquals("exp-" + i, nodeTag("i-" + i));
            assertEquals("L", cloud.instance("i-" + i).tags().get(NubisTags.LAUNCH));
        }
    }

    @Test
    void aCloudRefusingOneTagWarnsAndTheOthersAreStillTagged() {
        cloud.tagFailures.put("i-2", new CloudException("throttled"));
        cloud.tagFailures.put("i-4", new CloudException("instance not found"));
        List<NodeIdTags.Pair> pairs = five();

        // slf4j-simple writes to whatever System.err is at the time of the call
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            NodeIdTags.apply(cloud, pairs, workers);
        } finally {
            System.setErr(err);
        }

        String warnings = log.toString(StandardCharsets.UTF_8);
        assertTrue(warnings.contains("WARN org.nubis.core.cloud.NodeIdTags - Could not tag i-2 with its record's id exp-2: throttled"),
                warnings);
        assertTrue(warnings.contains("Could not tag i-4 with its record's id exp-4: instance not found"), warnings);

        assertNull(nodeTag("i-2"));
        assertNull(nodeTag("i-4"));
        assertEquals(List.of("exp-1", "exp-3", "exp-5"), List.of(nodeTag("i-1"), nodeTag("i-3"), nodeTag("i-5")));
    }

    @Test
    void somethingOtherThanACloudErrorIsABugAndSurfaces() {
        cloud.tagFailures.put("i-3", new IllegalArgumentException("bad tag key"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NodeIdTags.apply(cloud, five(), workers));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void nothingToTagUsesNoWorker() {
        ExecutorService stopped = CoreThreads.bounded("test-stopped", 1);
        stopped.shutdown();
        NodeIdTags.apply(cloud, List.of(), stopped); // a stopped pool would refuse any task
    }

    @Test
    void anInterruptedCallerStopsAndKeepsItsInterruption() {
        List<NodeIdTags.Pair> pairs = five();
        Thread.currentThread().interrupt();
        NodeIdTags.apply(cloud, pairs, workers);
        assertTrue(Thread.interrupted(), "the caller still sees that it was interrupted");
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
