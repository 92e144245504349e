package org.nubis.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.machine.Machine;

class NubisJsonTest {

    record Timed(ClusterState state, Instant at, Duration took) {
    }

    private final ObjectMapper strict = NubisJson.mapper();
    private final ObjectMapper tolerant = NubisJson.tolerantBuilder().build();

    @Test
    void writesLabelsAndIsoTimes() throws Exception {
        String json = strict.writeValueAsString(new Timed(ClusterState.SETTING_UP, Instant.parse("2026-12-03T10:00:00Z"),
                Duration.ofMillis(1500)));
        assertEquals("{\"state\":\"setting-up\",\"at\":\"2026-12-03T10:00:00Z\",\"took\":\"PT1.5S\"}", json);
        assertEquals(new Timed(ClusterState.SETTING_UP, Instant.parse("2026-12-03T10:00:00Z"), Duration.ofMillis(1500)),
                strict.readValue(json, Timed.class));
    }

    @Test
    void readsLabelsInAnyCaseWithDashOrUnderscore() throws Exception {
        assertEquals(ClusterState.SETTING_UP, strict.readValue("\"SETTING_UP\"", ClusterState.class));
        assertEquals(ClusterState.SETTING_UP, strict.readValue("\"Setting-Up\"", ClusterState.class));
    }

    @Test
    void strictRefusesUnknownLabelsAndFieldsTolerantReadsThem() throws Exception {
        InvalidFormatException e = assertThrows(InvalidFormatException.class,
                () -> strict.readValue("\"hibernating\"", InstanceState.class));
        assertTrue(e.getMessage().contains("pending, running, stopped, stopping, terminated"), e.getMessage());
        assertNull(tolerant.readValue("\"hibernating\"", InstanceState.class));
        String withExtra = "{\"state\":\"running\",\"at\":null,\"took\":null,\"addedLater\":1}";
        assertThrows(UnrecognizedPropertyException.class, () -> strict.readValue(withExtra, Timed.class));
        assertNull(tolerant.readValue(withExtra, Timed.class).at());
    }

    @Test
    void strictRefusesAFractionWhereAWholeNumberIsDue() throws Exception {
        record Count(Integer count) {
        }
        assertThrows(com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
                () -> strict.readValue("{\"count\": 1.5}", Count.class));
        assertEquals(2, strict.readValue("{\"count\": 2}", Count.class).count());
    }

    @Test
    void strictTakesNoValueOfAnotherJsonTypeForAScalar() throws Exception {
        record Fields(String text, Integer count, Boolean flag, java.util.List<String> tags) {
        }
        // each was read, as "42", 42, true and ["x"]: a request with them meant something it did not say
        for (String body : new String[] {"{\"text\": 42}", "{\"text\": 4.2}", "{\"text\": true}", "{\"count\": \"42\"}",
                "{\"count\": true}", "{\"count\": \"\"}", "{\"flag\": \"true\"}", "{\"flag\": 1}", "{\"flag\": \"\"}",
                "{\"tags\": [42]}", "{\"tags\": [true]}"}) {
            assertThrows(com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
                    () -> strict.readValue(body, Fields.class), body);
        }
        assertEquals(new Fields("t", 3, false, java.util.List.of("x")),
                strict.readValue("{\"text\": \"t\", \"count\": 3, \"flag\": false, \"tags\": [\"x\"]}", Fields.class));
        assertEquals("42", tolerant.readValue("{\"text\": 42}", Fields.class).text(), "clients stay tolerant");
    }

    @Test
    void aMachineRoundTripsUnderTheNamesOfItsRecord() throws Exception {
        Machine m = Machine.plannedInstance("demo-1", "demo", "local", Set.of("worker"), "sandbox", "small", "L",
                Instant.parse("2026-12-03T10:00:00Z"));
        JsonNode tree = strict.valueToTree(m);
        assertEquals("pending", tree.get("state").asText());
        assertEquals("demo", tree.get("experiment").asText());
        assertTrue(tree.get("cluster").isNull());
        assertEquals("[\"demo\",\"demo-1\",\"local\",\"worker\"]", tree.get("tags").toString());
        assertEquals(m, tolerant.treeToValue(tree, Machine.class));
    }
}
