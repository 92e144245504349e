package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * Many REST clients at once, reading and writing for a while: no answer is an error (a 429 is
 * back-pressure, honoured as its Retry-After says and counted), and afterwards the records are
 * exactly what the clients did. No timing is asserted; the summary line gives the counts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class LoadIT extends NubisTestSupport {

    private static final int CLIENTS = Integer.getInteger("nubis.load.clients", 200);
    private static final int SECONDS = Integer.getInteger("nubis.load.seconds", 60);
    private static final String SHARED = "load";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private String base;

    private record Answer(int status, String text, HttpResponse<String> response) {
    }

    /** What the clients did, counted; errors are kept whole for the report. */
    private static final class Tally {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> deletions = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> revokedKeys = new ConcurrentLinkedQueue<>();
    }

    @Test
    public void manyClientsReadingAndWritingGetNoErrorAndLeaveConsistentRecords() throws Exception {
        base = "http://127.0.0.1:" + getHttpPort() + "/nubis/api/v1";
        Rest rest = new Rest(getHttpPort());
        assertEquals(201, rest.call(RestIT.ADMIN, "POST", "/experiments", "{\"name\": \"" + SHARED + "\"}").status());
        try {
            rest.result(RestIT.ADMIN, rest.call(RestIT.ADMIN, "POST", "/experiments/" + SHARED + "/provision", "{\"count\": 2}"));
            rest.result(RestIT.ADMIN, rest.call(RestIT.ADMIN, "POST", "/experiments/" + SHARED + "/wait", "{}"));

            Tally tally = new Tally();
            long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
            CountDownLatch done = new CountDownLatch(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    try {
                        client(client, deadline, tally);
                    } catch (Exception e) {
                        tally.errors.add("client " + client + ": " + e);
                    } finally {
                        done.countDown();
                    }
                }, "load-client-" + c);
                t.setDaemon(true);
                t.start();
            }
            assertTrue("the clients end", done.await(SECONDS + 300, java.util.concurrent.TimeUnit.SECONDS));
            System.out.println("load: " + CLIENTS + " clients for " + SECONDS + " s: " + (tally.reads.get() + tally.writes.get())
                    + " requests (" + tally.reads.get() + " reads, " + tally.writes.get() + " writes), " + tally.throttled.get()
                    + " answered 429 and retried, " + tally.errors.size() + " errors");
            assertTrue(tally.errors.size() + " errors, the first: " + String.join("\n", tally.errors.stream().limit(20).toList()),
                    tally.errors.isEmpty());

            // consistent after: every deletion finished, nothing a client made is left, the shared instances are as they were
            for (String location : tally.deletions) {
                assertEquals(location, "succeeded", finished(location, tally));
            }
            Set<String> experiments = new TreeSet<>();
            rest.call(RestIT.ADMIN, "GET", "/experiments?limit=1000", null).body().path("items")
                    .forEach(e -> experiments.add(e.path("name").asText()));
            assertTrue("no client's experiment is left: " + experiments,
                    experiments.stream().noneMatch(n -> n.startsWith(SHARED + "-")));
            assertTrue(experiments.contains(SHARED));
            JsonNode instances = rest.call(RestIT.ADMIN, "GET", "/experiments/" + SHARED + "/instances", null).body().path("items");
            assertEquals(2, instances.size());
            instances.forEach(i -> assertEquals(i.toString(), "running", i.path("state").asText()));
            for (String key : tally.revokedKeys) {
                assertTrue(key, rest.call(RestIT.ADMIN, "GET", "/auth/keys/" + key, null).body().hasNonNull("revokedAt"));
            }
        } finally {
            rest.await(RestIT.ADMIN, rest.call(RestIT.ADMIN, "DELETE", "/experiments/" + SHARED, null));
        }
    }

    /** How an operation ended, waiting for it. */
    private String finished(String location, Tally tally) throws Exception {
        for (int i = 0; i < 20; i++) {
            JsonNode op = Rest.JSON.readTree(send("GET", location.replaceFirst("^.*?/operations/", "/operations/") + "?wait=30",
                    null, tally).text());
            if (!"running".equals(op.path("state").asText())) {
                return op.path("state").asText();
            }
        }
        return "still running after 10 minutes";
    }

    /** One client: a seeded mix of reads and writes until the deadline; each write is undone by the same client. */
    private void client(int client, long deadline, Tally tally) throws Exception {
        Random random = new Random(client);
        for (int n = 0; System.nanoTime() < deadline; n++) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                read(tally, "/experiments", 200);
            } else if (pick < 6) {
                read(tally, "/experiments/" + SHARED + "/instances", 200);
            } else if (pick < 7) {
                read(tally, "/clouds", 200);
            } else if (pick < 8) {
                read(tally, "/operations?limit=10", 200);
            } else if (pick < 9) {
                String name = SHARED + "-" + client + "-" + n;
                if (expect(tally, send("POST", "/experiments", "{\"name\": \"" + name + "\"}", tally), 201, "create " + name) != null) {
                    Answer deleted = expect(tally, send("DELETE", "/experiments/" + name, null, tally), 202, "delete " + name);
                    if (deleted != null) {
                        tally.deletions.add(deleted.response().headers().firstValue("Location").orElseThrow());
                    }
                }
                tally.writes.addAndGet(2);
            } else {
                Answer key = expect(tally, send("POST", "/auth/keys", "{\"description\": \"load " + client + "\"}", tally), 201, "key");
                if (key != null) {
                    String accessKey = Rest.JSON.readTree(key.text()).path("key").path("accessKey").asText();
                    if (expect(tally, send("DELETE", "/auth/keys/" + accessKey, null, tally), 200, "revoke") != null) {
                        tally.revokedKeys.add(accessKey);
                    }
                }
                tally.writes.addAndGet(2);
            }
        }
    }

    private void read(Tally tally, String path, int status) throws Exception {
        expect(tally, send("GET", path, null, tally), status, "read " + path);
        tally.reads.incrementAndGet();
    }

    /** The answer when it has the expected status, else null with the error counted. */
    private static Answer expect(Tally tally, Answer a, int status, String what) {
        if (a.status() == status) {
            return a;
        }
        tally.errors.add(what + ": " + a.status() + " " + a.text());
        return null;
    }

    /** Sends a request, honouring 429's Retry-After (counted) as a well-behaved client does. */
    private Answer send(String method, String path, String json, Tally tally) throws Exception {
        while (true) {
            HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                    .header("Authorization", RestIT.ADMIN)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                rq.header("Content-Type", "application/json");
            }
            HttpResponse<String> rs = http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
            if (rs.statusCode() == 429) {
                tally.throttled.incrementAndGet();
                Thread.sleep(1000L * Long.parseLong(rs.headers().firstValue("Retry-After").orElse("1")));
                continue;
            }
            return new Answer(rs.statusCode(), rs.body(), rs);
        }
    }
}
