package org.nubis.shell.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.SetupState;
import org.nubis.shell.fakes.Consoles;
import org.nubis.shell.fakes.FakeClusters;
import org.nubis.shell.fakes.Samples;
import org.nubis.shell.fakes.SystemOut;

class ShowCommandTest {

    @RegisterExtension
    final SystemOut out = new SystemOut();

    private final FakeClusters clusters = new FakeClusters().with(
            Samples.cluster("hpc", ClusterState.RUNNING).withSetup(SetupState.FAILED, "setup failed on 1 of 2 node(s)"),
            Samples.node("frontend", 1),
            Samples.node("compute", 2).withSetup(SetupState.FAILED, "compute.sh exited 3"),
            Samples.node("compute", 3).withState(InstanceState.TERMINATED, "no longer known to cloud 'local'"));

    private ShowCommand command() {
        ShowCommand c = new ShowCommand();
        c.clusters = clusters;
        c.session = Consoles.session(System.out, null, Path.of("."));
        c.name = "hpc";
        return c;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void jsonIsTheClusterAndItsNodes() throws Exception {
        ShowCommand c = command();
        c.json = true;
        c.execute();

        JsonNode shown = new ObjectMapper().readTree(out.text());
        assertEquals(List.of("cluster", "nodes"), names(shown));
        JsonNode cluster = shown.get("cluster");
        assertEquals(List.of("name", "template", "spec", "state", "stateReason", "setup", "setupMessage", "createdAt", "phaseStarted",
                "phaseEnded"), names(cluster));
        assertEquals("hpc", cluster.get("name").asText());
        assertEquals("running", cluster.get("state").asText());
        assertEquals("failed", cluster.get("setup").asText());
        assertEquals(2, cluster.get("spec").get("kinds").get("compute").get("count").asInt());
        assertEquals(List.of("frontend", "compute"), names(cluster.get("spec").get("kinds")), "kinds in template order");
        JsonNode nodes = shown.get("nodes");
        assertEquals(3, nodes.size());
        assertEquals("hpc-frontend-1", nodes.get(0).get("id").asText());
        assertEquals("frontend", nodes.get(0).get("kind").asText());
        assertEquals("2025-03-01T10:00:12.500Z", nodes.get(0).get("readyAt").asText());
        assertEquals("done", nodes.get(0).get("setup").asText());
        assertEquals("compute.sh exited 3", nodes.get(1).get("setupMessage").asText());
        assertEquals("terminated", nodes.get(2).get("state").asText());
        assertTrue(nodes.get(0).get("experiment").isNull(), "a node is a Machine like an instance");
    }

    @Test
    void theTextSaysStateSetupAndTimingsThenOneRowPerNode() throws Exception {
        ShowCommand c = command();
        c.noFormat = true;
        c.execute();

        List<String> lines = out.text().lines().toList();
        assertEquals("Cluster hpc (template slurm): running", lines.get(0));
        assertEquals("Setup: failed — setup failed on 1 of 2 node(s)", lines.get(1));
        assertEquals("Last phase: began 2025-03-01T10:00:00Z, took 2.00 s", lines.get(2));
        assertEquals(List.of("hpc-frontend-1", "frontend", "running", "192.168.2.1", "2201", "12.5 s", "done", "i-1", ""),
                cells(lines.get(3)));
        assertEquals("compute.sh exited 3", cells(lines.get(4)).get(8), "the setup's failure says most");
        assertEquals("no longer known to cloud 'local'", cells(lines.get(5)).get(8), "else the state's reason");
    }

    @Test
    void aPhaseStillRunningSaysSo() throws Exception {
        clusters.clusters.put("hpc", Samples.cluster("hpc", ClusterState.RUNNING).beginPhase(ClusterState.RESIZING,
                Samples.CREATED));
        command().execute();
        assertTrue(out.text().contains("Cluster hpc (template slurm): resizing\n"), out.text());
        assertTrue(out.text().contains("Last phase: began 2025-03-01T10:00:00Z, still running\n"), out.text());
    }

    @Test
    void anUnknownClusterIsTheServicesError() {
        ShowCommand c = command();
        c.name = "nope";
        assertThrows(NotFoundException.class, c::execute);
    }

    private static List<String> cells(String row) {
        return List.of(row.split("\t", -1)).stream().map(String::strip).toList();
    }
}
