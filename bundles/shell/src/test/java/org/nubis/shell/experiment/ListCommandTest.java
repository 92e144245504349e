package org.nubis.shell.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nubis.api.NotFoundException;
import org.nubis.shell.fakes.Consoles;
import org.nubis.shell.fakes.FakeExperiments;
import org.nubis.shell.fakes.Samples;
import org.nubis.shell.fakes.SystemOut;

class ListCommandTest {

    @RegisterExtension
    final SystemOut out = new SystemOut();

    private final FakeExperiments experiments = new FakeExperiments()
            .with("demo", Samples.instance(1, "worker"), Samples.instance(2, "worker", "gpu"), Samples.pending(3));

    private ListCommand command(String... tags) {
        ListCommand c = new ListCommand();
        c.experiments = experiments;
        c.session = Consoles.session(System.out, Consoles.terminal("dumb", 0), Path.of("."));
        c.experiment = "demo";
        c.tags = tags.length == 0 ? null : List.of(tags);
        return c;
    }

    /** The cells of the table row that starts with this id. */
    private List<String> row(String id) {
        for (String line : out.text().split("\n")) {
            List<String> cells = new ArrayList<>();
            for (String cell : line.split("[|\t]", -1)) {
                cells.add(cell.strip());
            }
            if (cells.get(0).equals(id)) {
                return cells;
            }
        }
        throw new AssertionError("no row " + id + " in\n" + out.text());
    }

    @Test
    void theTableShowsEachInstanceWithOnlyTheTagsTheUserGave() throws Exception {
        command().execute();

        assertEquals(List.of("ID", "State", "Host", "Port", "User", "Cloud", "Cloud ID", "Tags"), row("ID"));
        assertEquals(List.of("demo-1", "running", "192.168.1.1", "22", "root", "local", "i-1", "worker"), row("demo-1"));
        assertEquals(List.of("demo-2", "running", "192.168.1.2", "22", "root", "local", "i-2", "gpu,worker"), row("demo-2"));
        assertEquals(List.of("demo-3", "pending", "-", "-", "-", "local", "-", ""), row("demo-3"),
                "what the cloud has not said yet is a dash");
    }

    @Test
    void withoutColorTheRowsAreTabSeparatedForScripts() throws Exception {
        ListCommand c = command();
        c.noFormat = true;
        c.execute();

        assertEquals("demo-1\trunning\t192.168.1.1\t22\troot\tlocal\ti-1\tworker", out.text().lines().findFirst().orElseThrow()
                .replaceAll(" +", ""));
        assertFalse(out.text().contains("\u001b["), "no escape sequences");
    }

    @Test
    void tagsSelectTheInstances() throws Exception {
        command("worker", "gpu").execute();
        assertEquals(Set.of("worker", "gpu"), experiments.lastTags);
        assertTrue(out.text().contains("demo-2"));
        assertFalse(out.text().contains("demo-1"));
    }

    @Test
    void jsonPrintsTheMachineRecordsUnderTheApiNames() throws Exception {
        ListCommand c = command();
        c.json = true;
        c.execute();

        JsonNode all = new ObjectMapper().readTree(out.text());
        assertEquals(3, all.size());
        JsonNode first = all.get(0);
        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "experiment", "cluster", "kind", "cloud", "cloudId", "state", "stateReason", "tags", "publicHost",
                "privateHost", "sshPort", "sshUser", "image", "flavor", "launch", "createdAt", "readyAt", "setup", "setupMessage"),
                fields, "the same names as the record and the REST API");
        assertEquals("demo-1", first.get("id").asText());
        assertEquals("running", first.get("state").asText(), "states by their labels");
        assertEquals("192.168.1.1", first.get("publicHost").asText());
        assertEquals(22, first.get("sshPort").asInt());
        assertEquals("2025-03-01T10:00:00Z", first.get("createdAt").asText(), "times in ISO-8601");
        assertTrue(first.get("cluster").isNull());
        List<String> tags = new ArrayList<>();
        first.get("tags").forEach(t -> tags.add(t.asText()));
        assertEquals(List.of("demo", "demo-1", "local", "worker"), tags, "every tag, the default ones too");
        assertEquals("pending", all.get(2).get("state").asText());
        assertTrue(all.get(2).get("cloudId").isNull());
    }

    @Test
    void anUnknownExperimentIsTheServicesError() {
        ListCommand c = command();
        c.experiment = "nope";
        assertThrows(NotFoundException.class, c::execute);
        assertEquals("", out.text());
    }
}
