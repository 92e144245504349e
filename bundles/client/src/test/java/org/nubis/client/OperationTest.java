package org.nubis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;

/** 202 operations: the handle, the long poll, results, failures, cancel. */
class OperationTest {

    private ScriptedServer server;
    private NubisClient client;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
        client = NubisClient.builder().baseUri(server.base()).basic("alice", "pw")
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void provisionThenAwaitTheResultWithALongPoll() {
        server.on("POST", "/experiments/demo/provision", (ex, req) -> ScriptedServer.json(ex, 202,
                InstanceJson.operation("op-1", "provision", "running", null, null),
                "Location", "/nubis/api/v1/operations/op-1"));
        server.on("GET", "/operations/op-1", (ex, req) -> {
            Thread.sleep(300); // the server holds the long poll until the operation ends
            ScriptedServer.json(ex, 200, InstanceJson.operation("op-1", "provision", "succeeded",
                    "[" + InstanceJson.ONE + "]", null));
        });
        OperationHandle<List<Machine>> op = client.provision("demo", 3, "worker");
        assertEquals("op-1", op.id());
        assertEquals(OperationState.RUNNING, op.operation().state());
        assertEquals("{\"count\":3,\"tags\":[\"worker\"]}",
                server.seen("POST", "/experiments/demo/provision").get(0).bodyText());

        List<Machine> up = op.awaitResult(Duration.ofSeconds(5));
        assertEquals(1, up.size());
        assertEquals(InstanceState.RUNNING, up.get(0).state());
        assertTrue(up.get(0).tags().contains("worker"));
        assertEquals(OperationState.SUCCEEDED, op.operation().state());
        assertEquals(1, server.count("GET", "/operations/op-1"), "one long poll, no polling loop");
        assertEquals("5", ScriptedServer.query(server.seen("GET", "/operations/op-1").get(0)).get("wait"));
    }

    @Test
    void aLongWaitAsksAtMost60SecondsPerPoll() {
        AtomicInteger polls = new AtomicInteger();
        server.on("POST", "/experiments/demo/run", (ex, req) -> ScriptedServer.json(ex, 202,
                InstanceJson.operation("op-2", "run", "running", null, null)));
        server.on("GET", "/operations/op-2", (ex, req) -> ScriptedServer.json(ex, 200, polls.incrementAndGet() < 2
                ? InstanceJson.operation("op-2", "run", "running", null, null)
                : InstanceJson.operation("op-2", "run", "succeeded", "[{\"targetId\":\"demo-1\",\"exitCode\":0,"
                + "\"stdout\":\"host-1\\n\",\"stderr\":\"\",\"duration\":\"PT0.25S\",\"error\":null}]", null)));
        List<CommandResult> results = client.run("demo", "hostname").awaitResult(Duration.ofMinutes(10));
        assertEquals("host-1\n", results.get(0).stdout());
        assertEquals(Duration.ofMillis(250), results.get(0).duration());
        assertTrue(results.get(0).succeeded());
        for (ScriptedServer.Seen s : server.seen("GET", "/operations/op-2")) {
            assertEquals("60", ScriptedServer.query(s).get("wait"));
        }
        assertEquals("{\"command\":\"hostname\",\"checkExitCode\":true}",
                server.seen("POST", "/experiments/demo/run").get(0).bodyText());
    }

    @Test
    void aQuickRunIsAnsweredFinishedInOneRequestWithWait() {
        server.on("POST", "/experiments/demo/run", (ex, req) -> ScriptedServer.json(ex, 200,
                InstanceJson.operation("op-5", "run", "succeeded", "[{\"targetId\":\"demo-1\",\"exitCode\":0,"
                        + "\"stdout\":\"host-1\\n\",\"stderr\":\"\",\"duration\":\"PT0.01S\",\"error\":null}]", null),
                "Location", "/nubis/api/v1/operations/op-5"));
        OperationHandle<List<CommandResult>> op = client.run("demo", "hostname", null, true, List.of(), Duration.ofSeconds(30));
        assertEquals(OperationState.SUCCEEDED, op.operation().state());
        assertEquals("host-1\n", op.awaitResult(Duration.ofSeconds(5)).get(0).stdout());
        assertEquals("30", ScriptedServer.query(server.seen("POST", "/experiments/demo/run").get(0)).get("wait"));
        assertEquals(0, server.count("GET", "/operations/op-5"), "one request in all");
    }

    @Test
    void aFailedOperationThrowsItsErrorCodeAndDetail() {
        server.on("POST", "/experiments/demo/run", (ex, req) -> ScriptedServer.json(ex, 202,
                InstanceJson.operation("op-3", "run", "failed", null,
                        "{\"error\":\"command_failed\",\"detail\":\"demo-2 exited 1\"}")));
        OperationHandle<List<CommandResult>> op = client.run("demo", "false");
        OperationFailedException e = assertThrows(OperationFailedException.class,
                () -> op.awaitResult(Duration.ofSeconds(5)));
        assertEquals("command_failed", e.error());
        assertEquals("demo-2 exited 1", e.detail());
        assertEquals(OperationState.FAILED, e.operation().state());
        assertTrue(e instanceof NubisApiException);
        assertEquals(0, server.count("GET", "/operations/op-3"), "already finished: no request");
    }

    @Test
    void aCancelledOperationThrowsToo() {
        server.on("DELETE", "/experiments/demo", (ex, req) -> ScriptedServer.json(ex, 202,
                InstanceJson.operation("op-4", "destroy", "cancelled", null, null)));
        OperationFailedException e = assertThrows(OperationFailedException.class,
                () -> client.destroyExperiment("demo").awaitResult(Duration.ofSeconds(1)));
        assertEquals("cancelled", e.error());
    }

    @Test
    void stillRunningAfterTheTimeoutIsATimeout() {
        server.on("POST", "/clusters/hpc/start", (ex, req) -> ScriptedServer.json(ex, 202,
                InstanceJson.operation("op-5", "start", "running", null, null)));
        // a server that ignores ?wait and answers at once: the client must not spin
        server.on("GET", "/operations/op-5", (ex, req) -> ScriptedServer.json(ex, 200,
                InstanceJson.operation("op-5", "start", "running", null, null)));
        OperationHandle<?> op = client.startCluster("hpc", 2, Duration.ofMinutes(5));
        long t0 = System.nanoTime();
        OperationTimeoutException e = assertThrows(OperationTimeoutException.class,
                () -> op.awaitResult(Duration.ofSeconds(1)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 1000 && ms < 2000, "took " + ms + " ms");
        assertEquals(OperationTimeoutException.TIMEOUT, e.error());
        long polls = server.count("GET", "/operations/op-5");
        assertTrue(polls <= 6, "paused between early answers: " + polls + " polls");
        assertEquals("{\"minNodes\":2,\"timeoutSeconds\":300}",
                server.seen("POST", "/clusters/hpc/start").get(0).bodyText());
    }

    @Test
    void resultCanBeDecodedAsAnyType() {
        server.on("GET", "/operations/op-6", (ex, req) -> ScriptedServer.json(ex, 200,
                InstanceJson.operation("op-6", "fetch", "succeeded", "[{\"targetId\":\"demo-1\",\"bytes\":12}]", null)));
        OperationHandle<JsonNode> op = client.follow("op-6");
        assertEquals(12, op.result().get(0).path("bytes").asInt());
        List<org.nubis.api.ssh.TransferResult> t = op.resultAs(new TypeReference<>() { });
        assertEquals(12L, t.get(0).bytes());
        assertNull(t.get(0).error());
    }

    @Test
    void cancelOfAFinishedOperationAnswersTheOperation() {
        server.on("GET", "/operations/op-7", (ex, req) -> ScriptedServer.json(ex, 200,
                InstanceJson.operation("op-7", "run", "succeeded", "[]", null)));
        server.on("POST", "/operations/op-7/cancel", (ex, req) -> ScriptedServer.error(ex, 409,
                "operation_finished", "op-7 has ended"));
        OperationHandle<JsonNode> op = client.follow("op-7");
        assertEquals(OperationState.SUCCEEDED, op.cancel().state());
        NubisApiException e = assertThrows(NubisApiException.class, () -> client.cancel("op-7"));
        assertEquals(409, e.status());
        assertEquals("operation_finished", e.error());
    }
}
