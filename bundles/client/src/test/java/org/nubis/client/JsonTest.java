package org.nubis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nubis.api.auth.ApiKey;
import org.nubis.api.auth.Role;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;

/** The client reads what the server writes: labels, ISO times and durations, extra fields. */
class JsonTest {

    private final ObjectMapper json = Json.mapper();

    @Test
    void readsAnInstanceWithLowerCaseStateAndUnknownFields() throws Exception {
        Machine i = json.readValue(InstanceJson.ONE, Machine.class);
        assertEquals(InstanceState.RUNNING, i.state());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), i.createdAt());
        assertEquals(2222, i.sshPort());
        assertTrue(i.tags().contains("worker"));
    }

    @Test
    void readsHyphenatedLabelsAndUpperCaseAlike() throws Exception {
        String cluster = "{\"name\":\"hpc\",\"template\":\"demo\",\"spec\":{\"name\":\"demo\",\"cloud\":\"local\","
                + "\"kinds\":{\"compute\":{\"name\":\"compute\",\"count\":2,\"minCount\":-1}},"
                + "\"startTimeoutSeconds\":600,\"setupTimeoutSeconds\":600},"
                + "\"state\":\"setting-up\",\"setup\":\"NOT_RUN\",\"createdAt\":\"2026-11-22T10:00:00Z\","
                + "\"phaseStarted\":\"2026-11-22T10:00:01Z\"}";
        Cluster c = json.readValue(cluster, Cluster.class);
        assertEquals(ClusterState.SETTING_UP, c.state());
        assertEquals(SetupState.NOT_RUN, c.setup());
        assertEquals(2, c.spec().kinds().get("compute").count());
    }

    @Test
    void anUnknownLabelReadsAsNull() throws Exception {
        Operation op = json.readValue("{\"id\":\"op-1\",\"state\":\"paused\"}", Operation.class);
        assertNull(op.state());
        assertTrue(!op.finished(), "an unknown state without finishedAt is still running");
    }

    @Test
    void durationsAreIsoStringsBothWays() throws Exception {
        CommandResult r = json.readValue("{\"targetId\":\"a\",\"exitCode\":0,\"duration\":\"PT1.5S\"}",
                CommandResult.class);
        assertEquals(Duration.ofMillis(1500), r.duration());
        // a server writing durations as seconds is read too
        assertEquals(Duration.ofMillis(1500), json.readValue("{\"duration\":1.5}", CommandResult.class).duration());
        assertTrue(json.writeValueAsString(r).contains("\"duration\":\"PT1.5S\""));
    }

    @Test
    void writesEnumsAsLowerCaseLabels() throws Exception {
        assertEquals("{\"role\":\"operator\",\"state\":\"setting-up\"}",
                json.writeValueAsString(Json.object("role", Role.OPERATOR, "state", ClusterState.SETTING_UP)));
        ApiKey k = json.readValue("{\"accessKey\":\"NBK1\",\"user\":\"u\",\"role\":\"admin\","
                + "\"createdAt\":\"2026-11-22T10:00:00Z\",\"revokedAt\":null}", ApiKey.class);
        assertEquals(Role.ADMIN, k.role());
        assertTrue(!k.revoked());
        assertTrue(json.writeValueAsString(k).contains("\"createdAt\":\"2026-11-22T10:00:00Z\""));
    }

    @Test
    void leavesOutNullFieldsOfRequestBodies() {
        assertEquals(Map.of("name", "x"), Json.object("name", "x", "tags", null));
    }
}
