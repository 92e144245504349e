package org.nubis.shell.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nubis.api.cluster.ReconcileReport;
import org.nubis.api.cluster.Reconciler;
import org.nubis.shell.fakes.Inject;
import org.nubis.shell.fakes.SystemOut;

class ReconcileCommandTest {

    @RegisterExtension
    final SystemOut out = new SystemOut();

    private final List<Boolean> asked = new ArrayList<>();
    private ReconcileReport report = new ReconcileReport(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    private ReconcileCommand command() {
        return Inject.field(new ReconcileCommand(), "reconciler", (Reconciler) destroy -> {
            asked.add(destroy);
            return report;
        });
    }

    @Test
    void agreementIsOneLine() {
        command().execute();
        assertEquals("Records and clouds agree.\n", out.text());
        assertEquals(List.of(false), asked, "orphans are only destroyed on request");
    }

    @Test
    void aCloudThatCouldNotBeAskedIsNoAgreement() {
        report = new ReconcileReport(List.of(), List.of(), List.of(), List.of(), List.of(), List.of("ec2: connection refused"));
        command().execute();
        assertEquals("""
                Clouds not asked:
                  ec2: connection refused
                Records agree with the clouds asked; 1 could not be asked.
                """, out.text());
    }

    @Test
    void eachKindOfFindingIsASectionAndTheyAreCounted() {
        report = new ReconcileReport(List.of("local: i-4 as node hpc-compute-2"), List.of("local: i-7 (no record of it)"), List.of(),
                List.of("local: instance demo-3 (i-3)"), List.of("hpc: rolled back the interrupted start"), List.of("ec2: down"));

        command().execute();

        assertEquals("""
                Adopted:
                  local: i-4 as node hpc-compute-2
                Orphans (cloud:reconcile --destroy-orphans destroys them):
                  local: i-7 (no record of it)
                Gone from their cloud:
                  local: instance demo-3 (i-3)
                Interrupted phases:
                  hpc: rolled back the interrupted start
                Clouds not asked:
                  ec2: down
                4 finding(s).
                """, out.text());
    }

    @Test
    void destroyingOrphansIsPassedOnAndReported() {
        report = new ReconcileReport(List.of(), List.of("local: i-7 (no record of it)"), List.of("local: i-7"), List.of(), List.of(),
                List.of());
        ReconcileCommand c = command();
        c.destroyOrphans = true;

        c.execute();

        assertEquals(List.of(true), asked);
        assertEquals("Orphans:\n  local: i-7 (no record of it)\nDestroyed:\n  local: i-7\n2 finding(s).\n", out.text());
    }

    @Test
    void jsonIsTheReport() throws Exception {
        report = new ReconcileReport(List.of("a"), List.of(), List.of(), List.of("g"), List.of(), List.of("u"));
        ReconcileCommand c = command();
        c.json = true;
        c.execute();
        JsonNode shown = new ObjectMapper().readTree(out.text());
        List<String> fields = new ArrayList<>();
        shown.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("adopted", "orphans", "destroyed", "gone", "phases", "unavailable"), fields);
        assertEquals("g", shown.get("gone").get(0).asText());
    }
}
