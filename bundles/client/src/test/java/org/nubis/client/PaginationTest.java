package org.nubis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nubis.api.experiment.Experiment;

/** Lists come back whole, however many pages the server cuts them into. */
class PaginationTest {

    private ScriptedServer server;
    /** The server's data: e0..e4 */
    private final List<String> names = IntStream.range(0, 5).mapToObj(i -> "e" + i).toList();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Serves names[offset, offset + min(limit, cap)) */
    private void serve(int cap) {
        server.on("GET", "/experiments", (ex, req) -> {
            Map<String, String> q = ScriptedServer.query(req);
            int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
            int limit = Math.min(cap, Integer.parseInt(q.getOrDefault("limit", "100")));
            List<String> items = names.subList(Math.min(offset, names.size()), Math.min(offset + limit, names.size()))
                    .stream().map(n -> "{\"name\":\"" + n + "\",\"createdAt\":\"2026-11-22T10:00:00Z\"}").toList();
            ScriptedServer.json(ex, 200, ScriptedServer.page(items, offset, limit, names.size()));
        });
    }

    @Test
    void readsThreePagesInOrder() {
        serve(1000);
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).basic("u", "p").pageSize(2).build()) {
            List<Experiment> all = c.experiments();
            assertEquals(names, all.stream().map(Experiment::name).toList());
        }
        List<String> asked = server.seen("GET", "/experiments").stream().map(ScriptedServer.Seen::query).toList();
        assertEquals(List.of("offset=0&limit=2", "offset=2&limit=2", "offset=4&limit=2"), asked);
    }

    @Test
    void followsAServerThatCutsSmallerPagesThanAsked() {
        serve(2);
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).basic("u", "p").build()) {
            assertEquals(names, c.experiments().stream().map(Experiment::name).collect(Collectors.toList()));
        }
        assertEquals(3, server.count("GET", "/experiments"));
    }

    @Test
    void anEmptyListIsOneRequest() {
        server.on("GET", "/templates", (ex, req) -> ScriptedServer.json(ex, 200, ScriptedServer.page(List.of(), 0, 500, 0)));
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).basic("u", "p").build()) {
            assertEquals(List.of(), c.templates());
        }
        assertEquals(1, server.count("GET", "/templates"));
    }

    @Test
    void filtersAreKeptOnEveryPage() {
        server.on("GET", "/experiments/my%20exp/instances", (ex, req) -> {
            int offset = Integer.parseInt(ScriptedServer.query(req).get("offset"));
            ScriptedServer.json(ex, 200, ScriptedServer.page(offset == 0 ? List.of(InstanceJson.ONE) : List.of(),
                    offset, 1, 1));
        });
        try (NubisClient c = NubisClient.builder().baseUri(server.base()).basic("u", "p").pageSize(1).build()) {
            assertEquals("demo-1", c.instances("my exp", "worker", "a b").get(0).id());
        }
        assertEquals("tag=worker&tag=a%20b&offset=0&limit=1",
                server.seen("GET", "/experiments/my%20exp/instances").get(0).query());
    }
}
