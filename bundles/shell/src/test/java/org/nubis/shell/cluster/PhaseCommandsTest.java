package org.nubis.shell.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.console.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.event.NubisEvents;
import org.nubis.shell.fakes.Consoles;
import org.nubis.shell.fakes.FakeBundleContext;
import org.nubis.shell.fakes.FakeClusters;
import org.nubis.shell.fakes.Samples;
import org.nubis.shell.fakes.SystemOut;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** cluster:create, start, resize, stop, delete and list: what they ask the service, and what people read meanwhile. */
class PhaseCommandsTest {

    @RegisterExtension
    final SystemOut out = new SystemOut();

    private final FakeClusters clusters = new FakeClusters().with(Samples.cluster("hpc", ClusterState.CREATED));
    private final FakeBundleContext bundle = new FakeBundleContext();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private <T extends ClusterCommandSupport> T wire(T c, Terminal terminal) {
        c.clusters = clusters;
        c.bundleContext = bundle.context();
        c.session = Consoles.session(new PrintStream(console, true, StandardCharsets.UTF_8), terminal, Path.of("."));
        return c;
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    /** What the cluster service publishes during a start, sent to whoever follows the cluster. */
    private void publishStartEvents() {
        EventHandler follower = (EventHandler) bundle.registered.get(0).service();
        follower.handleEvent(new Event(NubisEvents.CLUSTER_PHASE, Map.of(NubisEvents.CLUSTER, "hpc", NubisEvents.PHASE, "starting",
                NubisEvents.MESSAGE, "starting 3 node(s) on cloud local")));
        follower.handleEvent(new Event(NubisEvents.CLUSTER_NODE, Map.of(NubisEvents.CLUSTER, "hpc", NubisEvents.PHASE, "starting",
                NubisEvents.NODE, "hpc-compute-1", NubisEvents.DONE, 1, NubisEvents.TOTAL, 3, NubisEvents.MESSAGE, "ready")));
        follower.handleEvent(new Event(NubisEvents.CLUSTER_OUTPUT, Map.of(NubisEvents.CLUSTER, "hpc",
                NubisEvents.MESSAGE, "TASK [slurm : install]")));
        follower.handleEvent(new Event(NubisEvents.CLUSTER_PHASE, Map.of(NubisEvents.CLUSTER, "hpc", NubisEvents.PHASE, "running",
                NubisEvents.MESSAGE, "all 3 node(s) ready")));
    }

    @Test
    void startFollowsThisClustersEventsOnATerminalAndStopsFollowingAfterwards() throws Exception {
        StartCommand c = wire(new StartCommand(), Consoles.terminal("xterm-256color", 120));
        c.name = "hpc";
        clusters.duringPhase = () -> {
            assertEquals(1, bundle.registered.size(), "following while the phase runs");
            assertEquals(NubisEvents.CLUSTER_ALL, bundle.registered.get(0).properties().get(EventConstants.EVENT_TOPIC));
            assertEquals("(cluster=hpc)", bundle.registered.get(0).properties().get(EventConstants.EVENT_FILTER));
            publishStartEvents();
        };

        c.execute();

        assertEquals("[starting] starting 3 node(s) on cloud local\n"
                + "\rstarting: 1/3 node(s); last: hpc-compute-1 ready\u001b[K"
                + "\r\u001b[K  | TASK [slurm : install]\n"
                + "[running] all 3 node(s) ready\n", console());
        assertEquals(List.of(), bundle.registered);
        assertEquals(1, bundle.unregistered.size());
        assertTrue(out.text().matches("Cluster hpc is running with 3 node\\(s\\) after \\d+\\.\\d s\\.\n"), out.text());
        assertEquals(StartOptions.all(), clusters.lastStart);
    }

    @Test
    void withoutATerminalOnlyThePhaseLinesArePrinted() throws Exception {
        StartCommand c = wire(new StartCommand(), Consoles.terminal("dumb", 80));
        c.name = "hpc";
        clusters.duringPhase = this::publishStartEvents;

        c.execute();

        assertEquals("[starting] starting 3 node(s) on cloud local\n[running] all 3 node(s) ready\n", console());
    }

    @Test
    void startPassesItsMinimumAndLimitAndShowsWhyTheClusterIsSmaller() throws Exception {
        StartCommand c = wire(new StartCommand(), null);
        c.name = "hpc";
        c.minNodes = 2;
        c.timeout = 60;

        c.execute();

        assertEquals(new StartOptions(2, Duration.ofSeconds(60)), clusters.lastStart);
        assertTrue(out.text().endsWith(" s (started with fewer).\n"), out.text());
    }

    @Test
    void startRefusesALimitThatIsNotPositiveBeforeAnythingHappens() {
        StartCommand c = wire(new StartCommand(), null);
        c.name = "hpc";
        c.timeout = 0;
        assertThrows(IllegalArgumentException.class, c::execute);
        assertNull(clusters.lastStart);
        assertEquals(List.of(), bundle.unregistered, "nothing was followed");
    }

    @Test
    void ctrlCSaysThePhaseWasRolledBackAndStopsFollowing() {
        StartCommand c = wire(new StartCommand(), null);
        c.name = "hpc";
        clusters.duringPhase = () -> {
            throw new InterruptedException();
        };

        IllegalStateException e = assertThrows(IllegalStateException.class, c::execute);

        assertEquals("cancelled; the phase was rolled back (see cluster:show)", e.getMessage());
        assertEquals(List.of(), bundle.registered);
    }

    @Test
    void createCollectsTheOverridesInTheOrderGiven() throws Exception {
        CreateCommand c = wire(new CreateCommand(), null);
        c.name = "hpc2";
        c.template = "slurm";
        c.settings = List.of("compute.count=8", " compute.minCount = 6 ", "setup.vars.opts=a=b");

        c.execute();

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("compute.count", "8");
        expected.put("compute.minCount", "6");
        expected.put("setup.vars.opts", "a=b");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(clusters.lastOverrides.entrySet()),
                "a minimum is checked against the count given before it");
        assertEquals("slurm", clusters.lastTemplate);
        assertEquals("Cluster hpc2 created from template slurm (3 node(s)). Next: cluster:start hpc2\n", out.text());
    }

    @Test
    void createRefusesASettingWithoutKeyOrValue() {
        for (String bad : List.of("compute.count", "=8")) {
            CreateCommand c = wire(new CreateCommand(), null);
            c.name = "hpc2";
            c.template = "slurm";
            c.settings = List.of(bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::execute, bad);
            assertTrue(e.getMessage().startsWith("--set " + bad + ": use KEY=VALUE"), e.getMessage());
        }
        assertNull(clusters.lastOverrides);
    }

    @Test
    void resizeTakesASignedChange() throws Exception {
        clusters.clusters.put("hpc", Samples.cluster("hpc", ClusterState.RUNNING));
        ResizeCommand grow = wire(new ResizeCommand(), null);
        grow.name = "hpc";
        grow.change = "+2";
        grow.kind = "compute";
        grow.execute();
        assertEquals(2, clusters.lastDelta);
        assertEquals("Cluster hpc now has 4 compute node(s), 5 in all.\n", out.text());

        ResizeCommand shrink = wire(new ResizeCommand(), null);
        shrink.name = "hpc";
        shrink.change = "-3";
        shrink.kind = "compute";
        shrink.execute();
        assertEquals(-3, clusters.lastDelta);

        for (String bad : List.of("2", "+", "+-1", "+1234567", "two")) {
            ResizeCommand c = wire(new ResizeCommand(), null);
            c.name = "hpc";
            c.change = bad;
            c.kind = "compute";
            assertThrows(IllegalArgumentException.class, c::execute, bad);
        }
        assertEquals(-3, clusters.lastDelta, "a bad change never reaches the service");
    }

    @Test
    void stopAndDelete() throws Exception {
        StopCommand stop = wire(new StopCommand(), null);
        stop.name = "hpc";
        stop.execute();
        assertEquals(ClusterState.STOPPED, clusters.clusters.get("hpc").state());

        DeleteCommand delete = wire(new DeleteCommand(), null);
        delete.name = "hpc";
        delete.execute();
        assertEquals(Map.of(), clusters.clusters);
        assertEquals("Cluster hpc stopped; no node left.\nCluster hpc deleted.\n", out.text());
    }

    @Test
    void listShowsTheDefaultCloudAndTheReason() throws Exception {
        clusters.clusters.put("broken", Samples.cluster("broken", ClusterState.FAILED).withState(ClusterState.FAILED, "start failed: quota"));
        ListCommand c = wire(new ListCommand(), null);
        c.noFormat = true;
        c.execute();
        assertEquals("hpc\tslurm\tcreated\t3\tdone\t(default)\t\nbroken\tslurm\tfailed\t3\tdone\t(default)\tstart failed: quota\n",
                out.text().replaceAll(" +\t", "\t").replaceAll("\t +", "\t"));
    }
}
