package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * The REST API in the real distribution: installed at run time (it is not in the default boot
 * until authentication lands), then an experiment driven over HTTP, and the error contract.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RestIT extends NubisTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, String text) {
    }

    @Before
    public void installRest() throws Exception {
        installAndAssertFeature("nubis-rest");
    }

    private static final String ADMIN = "nubis:nubis";

    private Answer call(String method, String path, String json, String contentType) throws Exception {
        return call(ADMIN, method, path, json, contentType);
    }

    /** @param credentials user:password for HTTP Basic, or null for none */
    private Answer call(String credentials, String method, String path, String json, String contentType) throws Exception {
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + getHttpPort() + "/nubis/api/v1" + path));
        if (credentials != null) {
            rq.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes()));
        }
        rq.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            rq.header("Content-Type", contentType);
        }
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> rs = http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
            // Right after the feature install the servlet may not be registered yet.
            if (rs.statusCode() == 404 && rs.body().isEmpty() || rs.statusCode() == 503) {
                if (attempt < 50) {
                    Thread.sleep(200);
                    continue;
                }
            }
            JsonNode body = rs.body().isEmpty() ? null : JSON.readTree(rs.body());
            return new Answer(rs.statusCode(), body, rs.body());
        }
    }

    private Answer call(String method, String path, String json) throws Exception {
        return call(method, path, json, "application/json");
    }

    @Test
    public void anExperimentOverHttp() throws Exception {
        Answer providers = call("GET", "/providers", null);
        assertEquals(200, providers.status());
        assertEquals("local", providers.body().get(0).path("type").asText());

        assertEquals(201, call("POST", "/experiments", "{\"name\": \"http\"}").status());
        try {
            Answer created = call("POST", "/experiments/http/provision", "{\"count\": 2, \"tags\": [\"w\"]}");
            assertEquals(201, created.status());
            assertEquals(2, created.body().size());
            Answer ready = call("POST", "/experiments/http/wait", "{\"timeoutSeconds\": 120}");
            assertEquals(200, ready.status());
            ready.body().forEach(i -> assertEquals("running", i.path("state").asText()));
            Answer ran = call("POST", "/experiments/http/run", "{\"command\": \"echo over-http\", \"tags\": [\"w\"]}");
            assertEquals(200, ran.status());
            ran.body().forEach(r -> assertEquals("over-http\n", r.path("stdout").asText()));
            Answer failed = call("POST", "/experiments/http/run", "{\"command\": \"exit 3\"}");
            assertEquals(422, failed.status());
            assertEquals("command_failed", failed.body().path("error").asText());
            assertEquals(2, call("GET", "/experiments/http/instances?tag=w", null).body().size());
            assertEquals(2, call("POST", "/experiments/http/deprovision", "{}").body().size());
        } finally {
            assertEquals(204, call("DELETE", "/experiments/http", null).status());
        }
        assertEquals(404, call("GET", "/experiments/http", null).status());
    }

    @Test
    public void badRequestsGetA4xxWithAJsonErrorAndNoStackTrace() throws Exception {
        assertError(call("GET", "/experiments/nosuch", null), 404, "not_found", "no experiment named 'nosuch'");
        assertError(call("GET", "/no/such/path", null), 404, "not_found", "/nubis/api/v1");
        assertError(call("POST", "/experiments", "{\"name\": \"bad name!\"}"), 400, "invalid_request", "invalid experiment name");
        assertError(call("POST", "/experiments", "{\"name\": "), 400, "invalid_request", "not valid JSON");
        assertError(call("POST", "/experiments", "name=x", "text/plain"), 415, "unsupported_media_type", "application/json");
        assertError(call("PUT", "/experiments", "{}"), 405, "method_not_allowed", "method");
        call("POST", "/experiments", "{\"name\": \"errs\"}");
        try {
            assertError(call("POST", "/experiments", "{\"name\": \"errs\"}"), 409, "conflict", "already exists");
            assertError(call("POST", "/experiments/errs/provision", "{\"count\": 0}"), 400, "invalid_request", "count must be at least 1");
            assertError(call("POST", "/experiments/errs/provision", "{\"cloud\": \"nowhere\"}"), 404, "not_found", "no cloud named");
            assertError(call("POST", "/experiments/errs/run", "{\"command\": \"true\", \"tags\": [\"ghost\"]}"), 404, "not_found",
                    "tags in use");
        } finally {
            call("DELETE", "/experiments/errs", null);
        }
    }

    @Test
    public void everyEndpointChecksWhoIsCalling() throws Exception {
        org.apache.karaf.jaas.boot.principal.RolePrincipal admin = new org.apache.karaf.jaas.boot.principal.RolePrincipal("admin");
        executeCommand("jaas:realm-manage --realm karaf; jaas:user-add viewer1 v-pass; jaas:role-add viewer1 viewer; "
                + "jaas:user-add operator1 o-pass; jaas:role-add operator1 operator; "
                + "jaas:user-add nobody1 n-pass; jaas:role-add nobody1 ssh; jaas:update", 60_000L, true, admin);
        String[] reads = {"/providers", "/clouds", "/experiments", "/clusters"};
        for (String path : reads) {
            assertError(call(null, "GET", path, null, null), 401, "unauthorized", "log in");
            assertError(call("viewer1:wrong", "GET", path, null, null), 401, "unauthorized", "wrong user name or password");
            assertError(call("nobody1:n-pass", "GET", path, null, null), 403, "forbidden", "has no Nubis role");
            for (String who : new String[] {"viewer1:v-pass", "operator1:o-pass", ADMIN}) {
                assertEquals(who + " GET " + path, 200, call(who, "GET", path, null, null).status());
            }
        }
        String create = "{\"name\": \"matrix\"}";
        assertError(call(null, "POST", "/experiments", create, "application/json"), 401, "unauthorized", "log in");
        assertError(call("viewer1:v-pass", "POST", "/experiments", create, "application/json"), 403, "forbidden",
                "needs the operator role");
        assertEquals(201, call("operator1:o-pass", "POST", "/experiments", create, "application/json").status());
        assertError(call("viewer1:v-pass", "DELETE", "/experiments/matrix", null, null), 403, "forbidden", "operator");
        assertEquals(204, call(ADMIN, "DELETE", "/experiments/matrix", null, null).status());
        Answer refused = call("viewer1:Pw-3xq9-secret", "GET", "/clouds", null, null);
        assertEquals(401, refused.status());
        assertFalse("the password never comes back: " + refused.text(), refused.text().contains("Pw-3xq9-secret"));
    }

    private static void assertError(Answer a, int status, String code, String detailPart) {
        assertEquals(a.text(), status, a.status());
        assertEquals(a.text(), code, a.body().path("error").asText());
        assertTrue(a.text(), a.body().path("detail").asText().contains(detailPart));
        assertFalse("no stack trace: " + a.text(), a.text().contains("Exception") || a.text().contains("\tat "));
    }
}
