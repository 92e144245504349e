package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The REST API of the real distribution over HTTP: experiments and clusters end to end through
 * 202 operations, files both ways, cancellation, event streams, pagination, clouds with
 * write-only credentials, the OpenAPI document, and the error contract.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RestIT extends NubisTestSupport {

    static final String ADMIN = Rest.basic(ITEST_USER + ":" + ITEST_PASSWORD);
    private Rest rest;

    @Inject
    ConfigurationAdmin configurations;

    @Before
    public void client() throws Exception {
        rest = new Rest(getHttpPort());
    }

    private Rest.Answer call(String method, String path, String json) throws Exception {
        return rest.call(ADMIN, method, path, json);
    }

    @Test
    public void anExperimentOverHttp() throws Exception {
        Rest.Answer providers = call("GET", "/providers", null);
        assertEquals(200, providers.status());
        List<String> types = new ArrayList<>();
        providers.body().path("items").forEach(p -> types.add(p.path("type").asText()));
        assertTrue(types.toString(), types.contains("local"));

        assertEquals(201, call("POST", "/experiments", "{\"name\": \"http\"}").status());
        try {
            Rest.Answer accepted = call("POST", "/experiments/http/provision", "{\"count\": 2, \"tags\": [\"w\"]}");
            assertEquals(202, accepted.status());
            assertTrue(accepted.header("Location"), accepted.header("Location").contains("/nubis/api/v1/operations/op-"));
            assertEquals("experiment.provision", accepted.body().path("kind").asText());
            assertEquals(2, rest.result(ADMIN, accepted).size());
            JsonNode ready = rest.result(ADMIN, call("POST", "/experiments/http/wait", "{\"timeoutSeconds\": 120}"));
            ready.forEach(i -> assertEquals("running", i.path("state").asText()));

            JsonNode ran = rest.result(ADMIN, call("POST", "/experiments/http/run", "{\"command\": \"echo over-http\", \"tags\": [\"w\"]}"));
            assertEquals(2, ran.size());
            ran.forEach(r -> assertEquals("over-http\n", r.path("stdout").asText()));
            JsonNode failed = rest.await(ADMIN, call("POST", "/experiments/http/run", "{\"command\": \"exit 3\"}"));
            assertEquals("failed", failed.path("state").asText());
            assertEquals("command_failed", failed.path("error").path("error").asText());

            // ?wait: one request answers the operation as it ended (200), or still running (202)
            Rest.Answer quick = call("POST", "/experiments/http/run?wait=30", "{\"command\": \"echo quick\"}");
            assertEquals(quick.text(), 200, quick.status());
            assertEquals("succeeded", quick.body().path("state").asText());
            quick.body().path("result").forEach(r -> assertEquals("quick\n", r.path("stdout").asText()));
            assertTrue(quick.header("Location"), quick.header("Location").contains("/operations/" + quick.body().path("id").asText()));
            Rest.Answer failedAtOnce = call("POST", "/experiments/http/run?wait=30", "{\"command\": \"exit 3\"}");
            assertEquals(200, failedAtOnce.status());
            assertEquals("command_failed", failedAtOnce.body().path("error").path("error").asText());
            Rest.Answer slow = call("POST", "/experiments/http/run?wait=1", "{\"command\": \"sleep 3\"}");
            assertEquals(202, slow.status());
            assertEquals("running", slow.body().path("state").asText());
            assertEquals("succeeded", rest.await(ADMIN, slow).path("state").asText());

            // a file up, a computation, the results down
            byte[] input = "input over http\n".getBytes(StandardCharsets.UTF_8);
            JsonNode put = rest.result(ADMIN, rest.call(ADMIN, "PUT", "/experiments/http/files?path=in.txt",
                    HttpRequest.BodyPublishers.ofByteArray(input), "application/octet-stream"));
            put.forEach(t -> assertEquals(input.length, t.path("bytes").asLong()));
            put.forEach(t -> assertTrue("no server paths in answers: " + t, t.path("localPath").isNull()));
            rest.result(ADMIN, call("POST", "/experiments/http/run", "{\"command\": \"(cat in.txt; echo $PWD) > out.txt\"}"));
            Rest.Answer fetch = call("POST", "/experiments/http/fetch", "{\"path\": \"out.txt\"}");
            JsonNode fetched = rest.result(ADMIN, fetch);
            assertEquals(2, fetched.size());
            Set<String> contents = new HashSet<>();
            for (JsonNode f : fetched) {
                Rest.Answer file = call("GET", fetch.header("Location") + "/files/" + f.path("targetId").asText(), null);
                assertEquals(200, file.status());
                assertTrue(file.text(), file.text().startsWith("input over http\n"));
                contents.add(file.text());
            }
            assertEquals("each instance's own file", 2, contents.size());
            assertEquals(404, call("GET", fetch.header("Location") + "/files/nosuch", null).status());

            // pagination: a page of one, and a link to the next
            Rest.Answer page = call("GET", "/experiments/http/instances?tag=w&limit=1", null);
            assertEquals(2, page.body().path("total").asInt());
            assertEquals(1, page.body().path("items").size());
            String next = page.header("Link");
            assertNotNull("a Link to the next page", next);
            String nextUrl = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
            Rest.Answer second = call("GET", nextUrl, null);
            assertEquals(1, second.body().path("offset").asInt());
            assertFalse(second.body().path("items").get(0).path("id").asText()
                    .equals(page.body().path("items").get(0).path("id").asText()));
            assertEquals(null, second.header("Link"));

            assertEquals(2, rest.result(ADMIN, call("POST", "/experiments/http/deprovision", "{}")).size());
        } finally {
            rest.await(ADMIN, call("DELETE", "/experiments/http", null));
        }
        assertEquals(404, call("GET", "/experiments/http", null).status());
    }

    @Test
    public void anOperationStreamsItsProgressAndCanBeCancelled() throws Exception {
        call("POST", "/experiments", "{\"name\": \"cancel\"}");
        try {
            rest.result(ADMIN, call("POST", "/experiments/cancel/provision", "{\"count\": 2}"));
            Rest.Answer waiting = call("POST", "/experiments/cancel/wait", "{}");
            List<String> events = sse(rest.url("/operations/" + waiting.body().path("id").asText() + "/events"), 1, 60);
            assertTrue(events.toString(), events.get(events.size() - 1).startsWith("event: operation.finished"));

            Rest.Answer sleeping = call("POST", "/experiments/cancel/run", "{\"command\": \"sleep 120\"}");
            String id = sleeping.body().path("id").asText();
            Thread.sleep(1000);
            Rest.Answer cancelled = call("POST", "/operations/" + id + "/cancel", null);
            assertEquals(200, cancelled.status());
            assertTrue(cancelled.body().path("cancelRequested").asBoolean());
            JsonNode done = rest.await(ADMIN, sleeping);
            assertEquals(done.toString(), "cancelled", done.path("state").asText());
            Rest.Answer again = call("POST", "/operations/" + id + "/cancel", null);
            assertEquals(409, again.status());
            assertEquals("operation_finished", again.body().path("error").asText());
            assertTrue(call("GET", "/operations", null).body().path("total").asInt() >= 3);
        } finally {
            rest.await(ADMIN, call("DELETE", "/experiments/cancel", null));
        }
    }

    @Test
    public void aClusterOverHttpWithItsEvents() throws Exception {
        JsonNode templates = call("GET", "/templates", null).body().path("items");
        assertTrue(templates.toString(), templates.toString().contains("\"demo\""));
        Rest.Answer created = call("POST", "/clusters", "{\"name\": \"web\", \"template\": \"demo\", \"overrides\": {\"compute.count\": \"1\"}}");
        assertEquals(created.text(), 201, created.status());
        CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> {
            try {
                return sse(rest.url("/events?cluster=web&type=cluster.phase"), 2, 120);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500); // the stream is open before the start
        try {
            JsonNode started = rest.result(ADMIN, call("POST", "/clusters/web/start", "{\"timeoutSeconds\": 120}"));
            assertEquals("running", started.path("state").asText());
            List<String> phases = events.get(120, TimeUnit.SECONDS);
            assertTrue(phases.toString(), phases.stream().allMatch(e -> e.contains("\"cluster\":\"web\"") && e.startsWith("event: cluster.phase")));
            assertEquals(2, call("GET", "/clusters/web/nodes", null).body().path("total").asInt());
            assertTrue(call("GET", "/clusters/web/inventory", null).text().contains("compute"));

            rest.result(ADMIN, call("POST", "/clusters/web/resize", "{\"kind\": \"compute\", \"delta\": 1}"));
            assertEquals(3, call("GET", "/clusters/web", null).body().path("nodes").size());
            JsonNode stopped = rest.result(ADMIN, call("POST", "/clusters/web/stop", null));
            assertEquals("stopped", stopped.path("state").asText());
        } finally {
            rest.await(ADMIN, call("DELETE", "/clusters/web", null));
        }
        assertEquals(404, call("GET", "/clusters/web", null).status());
    }

    @Test
    public void cloudCredentialsAreWriteOnlyAndEncryptedAtRest() throws Exception {
        String secret = "planted-cloud-secret-8d1f";
        installAndAssertFeature("nubis-provider-ec2"); // its settings are checked by it
        // an EC2-compatible cloud at an endpoint where nothing answers: defining it asks nothing of it
        String body = "{\"type\": \"ec2\", \"settings\": {\"region\": \"eu-west-1\", \"endpoint\": \"http://127.0.0.1:9\"}, "
                + "\"credentials\": {\"accessKeyId\": \"AKIDPLANTED\", \"secretAccessKey\": \"" + secret + "\"}}";
        Rest.Answer created = call("PUT", "/clouds/lab2", body);
        assertEquals(created.text(), 201, created.status());
        try {
            assertEquals("[\"accessKeyId\",\"secretAccessKey\"]", created.body().path("credentials").toString());
            assertFalse(created.text().contains(secret));
            Path file = Path.of(System.getProperty("karaf.etc"), "org.nubis.cloud-lab2.cfg");
            awaitFile(file);
            String onDisk = Files.readString(file);
            assertTrue(onDisk, onDisk.contains("secretAccessKey = {aes-gcm}"));
            // files that hold credentials, passwords or the shutdown command are owner-only
            for (Path secretFile : List.of(file, Path.of(System.getProperty("karaf.etc"), "users.properties"),
                    Path.of(System.getProperty("karaf.etc"), "config.properties"))) {
                assertEquals(secretFile.toString(), "rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(secretFile)));
            }
            assertFalse(onDisk.contains(secret));

            // an update that does not name the credentials keeps them
            Rest.Answer updated = call("PUT", "/clouds/lab2", "{\"type\": \"ec2\", \"settings\": {\"region\": \"eu-west-1\", "
                    + "\"endpoint\": \"http://127.0.0.1:10\"}}");
            assertEquals(updated.text(), 200, updated.status());
            assertEquals("[\"accessKeyId\",\"secretAccessKey\"]", updated.body().path("credentials").toString());
            assertEquals("http://127.0.0.1:10", updated.body().path("settings").path("endpoint").asText());
            assertTrue(call("GET", "/clouds", null).text().contains("\"lab2\""));
            // a secret sent among the settings is sealed as a credential, not written in clear
            String misplaced = "planted-misplaced-secret-27c4";
            Rest.Answer asSetting = call("PUT", "/clouds/lab2", "{\"type\": \"ec2\", \"settings\": {\"region\": \"eu-west-1\", "
                    + "\"endpoint\": \"http://127.0.0.1:10\", \"sessionToken\": \"" + misplaced + "\"}}");
            assertEquals(asSetting.text(), 200, asSetting.status());
            assertFalse(asSetting.text(), asSetting.text().contains(misplaced));
            assertEquals("[\"accessKeyId\",\"secretAccessKey\",\"sessionToken\"]", asSetting.body().path("credentials").toString());
            for (int i = 0; i < 50 && !Files.readString(file).contains("sessionToken"); i++) {
                Thread.sleep(100);
            }
            String resealed = Files.readString(file);
            assertTrue(resealed, resealed.contains("sessionToken = {aes-gcm}"));
            assertFalse(resealed, resealed.contains(misplaced));

            // what the provider would refuse on first use is refused when the cloud is defined, and nothing is saved
            assertError(call("PUT", "/clouds/lab3", "{\"type\": \"ec2\", \"settings\": {\"region\": \"eu-west-1\"}, "
                    + "\"credentials\": {\"accessKeyId\": \"A\", \"secretAcessKey\": \"B\"}}"), 400, "invalid_request",
                    "unknown setting secretAcessKey");
            assertError(call("PUT", "/clouds/lab3", "{\"type\": \"ec2\", \"settings\": {\"region\": \"mars-north-1\"}}"),
                    400, "invalid_request", "region 'mars-north-1' is not an AWS region");
            assertError(call("PUT", "/clouds/lab3", "{\"type\": \"ec2\", \"settings\": {\"region\": \"eu-west-1\", "
                    + "\"endpoint\": \"ec2 dot example\"}}"), 400, "invalid_request", "not an http(s) URL");
            assertError(call("PUT", "/clouds/lab3", "{\"type\": \"local\", \"settings\": {\"hme\": \"/tmp\"}}"), 400,
                    "invalid_request", "unknown setting hme");
            assertEquals(404, call("GET", "/clouds/lab3", null).status());
            assertError(call("PUT", "/clouds/lab2", "{\"type\": \"ec2\", \"settings\": {\"region\": \"nowhere\"}}"), 400,
                    "invalid_request", "region 'nowhere'");
            assertEquals("a refused update leaves the cloud as it was", "http://127.0.0.1:10",
                    call("GET", "/clouds/lab2", null).body().path("settings").path("endpoint").asText());
            Rest.Answer bad = call("PUT", "/clouds/Bad_Name", "{\"type\": \"local\"}");
            assertEquals(400, bad.status());
        } finally {
            assertEquals(204, call("DELETE", "/clouds/lab2", null).status());
            call("DELETE", "/clouds/lab3", null); // had one been taken
        }
        assertEquals(404, call("GET", "/clouds/lab2", null).status());
    }

    @Test
    public void theOpenApiDocumentIsPublicAndDescribesTheApi() throws Exception {
        Rest.Answer doc = rest.call(null, "GET", "/openapi.json", null);
        assertEquals(200, doc.status());
        assertEquals("3.0.3", doc.body().path("openapi").asText());
        JsonNode paths = doc.body().path("paths");
        for (String p : new String[] {"/experiments/{name}/run", "/clusters/{name}/start", "/auth/token", "/events",
                "/operations/{id}/cancel", "/clouds/{name}"}) {
            assertTrue(p, paths.has(p));
        }
        assertTrue(paths.path("/auth/token").path("post").path("security").isArray());
    }

    @Test
    public void badRequestsGetA4xxWithAJsonErrorAndNoStackTrace() throws Exception {
        assertError(call("GET", "/experiments/nosuch", null), 404, "not_found", "no experiment named 'nosuch'");
        assertError(call("GET", "/no/such/path", null), 404, "not_found", "/nubis/api/v1");
        assertError(call("POST", "/experiments", "{\"name\": \"bad name!\"}"), 400, "invalid_request", "invalid experiment name");
        Rest.Answer huge = call("POST", "/experiments", "{\"name\": \"" + "!".repeat(2_000_000) + "\"}");
        assertError(huge, 400, "invalid_request", "(2000000 characters)");
        assertTrue("a huge name is not echoed back whole: " + huge.text().length(), huge.text().length() < 2000);
        assertError(call("POST", "/experiments", "{\"name\": "), 400, "invalid_request", "not valid JSON");
        assertError(rest.call(ADMIN, "POST", "/experiments", HttpRequest.BodyPublishers.ofString("name=x"), "text/plain"),
                415, "unsupported_media_type", "application/json");
        assertError(call("PUT", "/experiments", "{}"), 405, "method_not_allowed", "method");
        assertError(call("GET", "/experiments?limit=0", null), 400, "invalid_request", "limit must be between 1 and 1000");
        assertError(call("GET", "/operations/op-nosuch", null), 404, "not_found", "no operation");
        call("POST", "/experiments", "{\"name\": \"errs\"}");
        try {
            assertError(call("POST", "/experiments", "{\"name\": \"errs\"}"), 409, "conflict", "already exists");
            assertError(call("POST", "/experiments/errs/provision", "{\"count\": 0}"), 400, "invalid_request", "count must be at least 1");
            assertError(call("POST", "/experiments/errs/provision", "{\"cloud\": \"nowhere\"}"), 404, "not_found", "no cloud named");
            // These were 202s and then failed operations: refused at once now, and nothing is created.
            assertError(call("POST", "/experiments/errs/provision", "{\"tags\": [\"bad tag\"]}"), 400, "invalid_request", "bad tag");
            assertError(call("POST", "/experiments/errs/provision", "{\"count\": 100000}"), 400, "invalid_request",
                    "launches in one request");
            assertError(call("POST", "/experiments/errs/provision", "{\"image\": \"windows-95\"}"), 404, "not_found",
                    "unknown image 'windows-95'");
            assertError(call("POST", "/experiments/errs/provision", "{\"flavor\": \"$(id)\"}"), 404, "not_found",
                    "unknown flavor");
            assertEquals("[]", call("GET", "/experiments/errs/instances", null).body().get("items").toString());
            assertError(call("POST", "/experiments/errs/run", "{\"command\": \"true\", \"tags\": [\"ghost\"]}"), 404, "not_found",
                    "tags in use");
            assertError(call("POST", "/experiments/errs/run", "{}"), 400, "invalid_request", "command");
            assertError(call("POST", "/experiments/errs/run?wait=61", "{\"command\": \"true\"}"), 400, "invalid_request",
                    "wait is 0 to 60 seconds");
            // A null among the tags was a NullPointerException and a 500 on every endpoint that takes tags.
            for (String[] endpoint : new String[][] {{"provision", "{\"tags\": [null]}"}, {"wait", "{\"tags\": [null]}"},
                    {"run", "{\"command\": \"true\", \"tags\": [null]}"}, {"fetch", "{\"path\": \"/x\", \"tags\": [null]}"},
                    {"deprovision", "{\"tags\": [null]}"}}) {
                assertError(call("POST", "/experiments/errs/" + endpoint[0], endpoint[1]), 400, "invalid_request",
                        "tags must be strings");
            }
            assertError(call("POST", "/experiments/errs/wait", "{\"timeoutSeconds\": 0}"), 400, "invalid_request",
                    "timeoutSeconds must be positive");
            assertError(call("POST", "/experiments/errs/provision", "{\"count\": 1.5}"), 400, "invalid_request",
                    "not valid JSON");
            for (String near : new String[] {"ADMIN", "admin "}) {
                assertError(call("POST", "/auth/keys", "{\"role\": \"" + near + "\"}"), 400, "invalid_request",
                        "unknown role '" + near + "'");
            }
        } finally {
            rest.await(ADMIN, call("DELETE", "/experiments/errs", null));
        }
    }

    @Test
    public void aWaitSentRightAfterAProvisionWaitsForTheInstancesItMakes() throws Exception {
        call("POST", "/experiments", "{\"name\": \"quick\"}");
        try {
            for (int round = 1; round <= 3; round++) {
                Rest.Answer provision = call("POST", "/experiments/quick/provision",
                        "{\"count\": 2, \"tags\": [\"round" + round + "\"]}");
                // the second round gives no time limit; the last waits only for its own tag, which no
                // instance carries until the provision records them
                boolean tagged = round == 3;
                Rest.Answer wait = call("POST", "/experiments/quick/wait", tagged
                        ? "{\"timeoutSeconds\": 120, \"tags\": [\"round3\"]}" : round == 2 ? "{}" : "{\"timeoutSeconds\": 120}");
                JsonNode ready = rest.result(ADMIN, wait);
                assertEquals("round " + round + ": " + ready, tagged ? 2 : 2 * round, ready.size());
                rest.result(ADMIN, provision);
            }
        } finally {
            rest.await(ADMIN, call("DELETE", "/experiments/quick", null));
        }
    }

    @Test
    public void aMalformedChunkedBodyIsA400() throws Exception {
        call("POST", "/experiments", "{\"name\": \"chunks\"}");
        try {
            for (String path : List.of("/experiments", "/experiments/chunks/files?path=/tmp/x")) {
                String contentType = path.contains("files") ? "application/octet-stream" : "application/json";
                String answer = raw((path.contains("files") ? "PUT " : "POST ") + "/nubis/api/v1" + path
                        + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ADMIN + "\r\nContent-Type: " + contentType
                        + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "5\r\n{\"nam\r\nZZ-not-a-size\r\n\"x\"}\r\n0\r\n\r\n");
                assertTrue(path + ": " + answer, answer.startsWith("HTTP/1.1 400"));
                assertTrue(path + ": " + answer, answer.contains("\"error\":\"invalid_request\""));
            }
        } finally {
            rest.await(ADMIN, call("DELETE", "/experiments/chunks", null));
        }
    }

    /** Sends bytes as they are and reads the whole answer (the connection is closed after it). */
    private String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", Integer.parseInt(getHttpPort()))) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    public void passwordsAreKeptAsSaltedSlowHashes() throws Exception {
        assertEquals(200, call("GET", "/auth/whoami", null).status()); // the first login hashes a clear password
        Path users = Path.of(System.getProperty("karaf.etc"), "users.properties");
        String line = "";
        for (int i = 0; i < 50 && !line.contains("{CRYPT}"); i++) {
            line = Files.readAllLines(users).stream().filter(l -> l.matches(ITEST_USER + "\\s*=.*")).findFirst().orElse("");
            Thread.sleep(100);
        }
        java.util.regex.Matcher hash = java.util.regex.Pattern.compile("\\{CRYPT\\}([0-9a-f]+)\\{CRYPT\\}").matcher(line);
        assertTrue(line, hash.find());
        String bcrypt = new String(java.util.HexFormat.of().parseHex(hash.group(1)), StandardCharsets.US_ASCII);
        assertTrue(bcrypt, bcrypt.matches("\\$2[aby]?\\$10\\$.{53}")); // bcrypt, cost 10, its own salt
        assertFalse(line, line.contains(ITEST_PASSWORD));
    }

    @Test
    public void failedLoginsAreThrottledWithoutLockingAUserOutOfItsOwnAddress() throws Exception {
        String password = "guarded-password-5e1a";
        executeCommand("jaas:realm-manage --realm karaf; jaas:user-add guarded " + password + "; jaas:role-add guarded viewer; "
                + "jaas:update", 60_000L, true, new org.apache.karaf.jaas.boot.principal.RolePrincipal("admin"));
        String wrong = Rest.basic("guarded:wrong-password"), right = Rest.basic("guarded:" + password);
        // guarded has never logged in from here: after 10 failures (as shipped) it is refused for a while
        Rest.Answer refused = null;
        for (int i = 0; i < 12 && (refused == null || refused.status() != 429); i++) {
            refused = rest.call(wrong, "GET", "/auth/whoami", null);
            assertTrue(refused.text(), refused.status() == 401 || refused.status() == 429);
        }
        assertError(refused, 429, "too_many_requests", "try again in");
        long retryAfter = Long.parseLong(refused.response().headers().firstValue("Retry-After").orElseThrow());
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 300);
        assertEquals("a refused try is not checked, even with the right password", 429,
                rest.call(right, "GET", "/auth/whoami", null).status());
        assertEquals("other users go on", 200, rest.call(ADMIN, "GET", "/auth/whoami", null).status());

        Thread.sleep(retryAfter * 1000 + 200);
        assertEquals(200, rest.call(right, "GET", "/auth/whoami", null).status());
        // now that guarded has logged in from here, failures elsewhere cannot lock it out of here
        for (int i = 0; i < 12; i++) {
            assertEquals(401, rest.call(wrong, "GET", "/auth/whoami", null).status());
        }
        assertEquals(200, rest.call(right, "GET", "/auth/whoami", null).status());

        // an API key's secret is guessed like a password, and throttled like one
        Rest.Answer guess = null;
        for (int i = 0; i < 12 && (guess == null || guess.status() != 429); i++) {
            guess = rest.call(null, "POST", "/auth/token", "{\"accessKey\": \"AKGUESSED\", \"secret\": \"no\"}");
        }
        assertError(guess, 429, "too_many_requests", "try again in");
        assertTrue(guess.response().headers().firstValue("Retry-After").isPresent());
    }

    @Test
    public void aHeadOfAnEventStreamAnswersItsHeadersAndEnds() throws Exception {
        for (String path : List.of("/events", "/events?type=operation.finished")) {
            HttpRequest rq = HttpRequest.newBuilder(URI.create(rest.url(path))).header("Authorization", ADMIN)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(java.time.Duration.ofSeconds(10)).build();
            HttpResponse<Void> rs = HttpClient.newHttpClient().send(rq, HttpResponse.BodyHandlers.discarding());
            assertEquals(path, 200, rs.statusCode());
            assertTrue(path, rs.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        }
    }

    @Test
    public void anUploadAboveTheConfiguredLimitIs413AndLeavesNothingBehind() throws Exception {
        Configuration config = configurations.getConfiguration("org.nubis.rest", null);
        java.util.Dictionary<String, Object> before = config.getProperties();
        java.util.Hashtable<String, Object> small = new java.util.Hashtable<>();
        for (String key : java.util.Collections.list(before.keys())) {
            small.put(key, before.get(key));
        }
        small.put("maxUploadMegabytes", 1L);
        config.update(small);
        call("POST", "/experiments", "{\"name\": \"big\"}");
        try {
            byte[] twoMegabytes = new byte[2 * 1024 * 1024];
            String put = "/experiments/big/files?path=/tmp/x";
            Rest.Answer announced = null;
            for (int i = 0; i < 50; i++) { // the new limit reaches the servlet a moment later
                announced = rest.call(ADMIN, "PUT", put, HttpRequest.BodyPublishers.ofByteArray(twoMegabytes),
                        "application/octet-stream");
                if (announced.status() == 413) {
                    break;
                }
                rest.await(ADMIN, announced);
                Thread.sleep(100);
            }
            assertError(announced, 413, "payload_too_large", "maxUploadMegabytes");
            // without a Content-Length (chunked), counted as it comes
            Rest.Answer chunked = rest.call(ADMIN, "PUT", put, HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(twoMegabytes)), "application/octet-stream");
            assertError(chunked, 413, "payload_too_large", "at least");
            Path uploads = Path.of(System.getProperty("karaf.data"), "nubis", "operations");
            try (var left = Files.list(uploads)) {
                assertEquals("no upload file left behind", List.of(),
                        left.filter(p -> p.getFileName().toString().startsWith("upload-")).toList());
            }
            Rest.Answer fits = rest.call(ADMIN, "PUT", put, HttpRequest.BodyPublishers.ofByteArray(new byte[512 * 1024]),
                    "application/octet-stream");
            assertEquals(fits.text(), "succeeded", rest.await(ADMIN, fits).path("state").asText());
        } finally {
            if (before == null) {
                config.delete();
            } else {
                config.update(before);
            }
            rest.await(ADMIN, call("DELETE", "/experiments/big", null));
        }
    }

    static void assertError(Rest.Answer a, int status, String code, String detailPart) {
        assertEquals(a.text(), status, a.status());
        assertEquals(a.text(), code, a.body().path("error").asText());
        assertTrue(a.text(), a.body().path("detail").asText().contains(detailPart));
        assertFalse("no stack trace: " + a.text(), a.text().contains("Exception") || a.text().contains("\tat "));
    }

    /** Reads an event stream until it ends or {@code count} events came; returns each event's lines joined. */
    static List<String> sse(String url, int count, int seconds) throws Exception {
        HttpRequest rq = HttpRequest.newBuilder(URI.create(url)).header("Authorization", ADMIN)
                .header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> rs = HttpClient.newHttpClient().send(rq, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, rs.statusCode());
        List<String> events = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(rs.body(), StandardCharsets.UTF_8))) {
            StringBuilder event = new StringBuilder();
            for (String line; System.nanoTime() < deadline && (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (event.length() > 0 && !event.toString().startsWith(":")) {
                        events.add(event.toString());
                        if (events.size() >= count && !url.contains("/operations/")) {
                            break;
                        }
                    }
                    event.setLength(0);
                } else {
                    event.append(line).append('\n');
                }
            }
        }
        return new ArrayList<>(events);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 50 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
    }
}
