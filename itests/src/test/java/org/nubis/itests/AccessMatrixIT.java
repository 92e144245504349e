package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * Who may call what: every endpoint of the API × no login, viewer, operator, admin (by password
 * and by bearer token), an expired token and a revoked key's token; then a scan of every answer,
 * the log and the files Nubis wrote for the secrets planted on the way.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class AccessMatrixIT extends NubisTestSupport {

    private static final String CLOUD_SECRET = "planted-cloud-credential-51c7e";
    private static final String PASSWORD_SECRET = "planted-password-9a2e4";
    private static final String WRONG_PASSWORD = "planted-wrong-password-77b1";

    /** An endpoint and the least role it needs (null: public). Calls use names that do not exist: no side effects. */
    private record Endpoint(String method, String path, String body, String role) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/openapi.json", null, null),
            new Endpoint("GET", "/health", null, null),
            new Endpoint("POST", "/auth/token", "{", null), // public: a bad body is a 400 for anyone
            new Endpoint("GET", "/auth/whoami", null, "viewer"),
            new Endpoint("GET", "/auth/keys", null, "viewer"),
            new Endpoint("POST", "/auth/keys", "{\"role\": \"superuser\"}", "viewer"),
            new Endpoint("GET", "/auth/keys/NBKNOSUCH", null, "viewer"),
            new Endpoint("DELETE", "/auth/keys/NBKNOSUCH", null, "viewer"),
            new Endpoint("GET", "/providers", null, "viewer"),
            new Endpoint("GET", "/clouds", null, "viewer"),
            new Endpoint("GET", "/clouds/nosuch", null, "viewer"),
            new Endpoint("PUT", "/clouds/nosuch", "{}", "admin"),
            new Endpoint("DELETE", "/clouds/nosuch", null, "admin"),
            new Endpoint("GET", "/clouds/nosuch/instances", null, "viewer"),
            new Endpoint("GET", "/clouds/nosuch/resources", null, "viewer"),
            new Endpoint("POST", "/clouds/nosuch/resources/remove-unused", null, "admin"),
            new Endpoint("GET", "/experiments", null, "viewer"),
            new Endpoint("POST", "/experiments", "{}", "operator"),
            new Endpoint("GET", "/experiments/nosuch", null, "viewer"),
            new Endpoint("DELETE", "/experiments/nosuch", null, "operator"),
            new Endpoint("GET", "/experiments/nosuch/instances", null, "viewer"),
            new Endpoint("POST", "/experiments/nosuch/provision", "{}", "operator"),
            new Endpoint("POST", "/experiments/nosuch/wait", "{}", "operator"),
            new Endpoint("POST", "/experiments/nosuch/run", "{\"command\": \"true\"}", "operator"),
            new Endpoint("PUT", "/experiments/nosuch/files?path=x", null, "operator"),
            new Endpoint("POST", "/experiments/nosuch/fetch", "{\"path\": \"x\"}", "operator"),
            new Endpoint("POST", "/experiments/nosuch/deprovision", "{}", "operator"),
            new Endpoint("GET", "/clusters", null, "viewer"),
            new Endpoint("POST", "/clusters", "{}", "operator"),
            new Endpoint("GET", "/clusters/nosuch", null, "viewer"),
            new Endpoint("DELETE", "/clusters/nosuch", null, "operator"),
            new Endpoint("GET", "/clusters/nosuch/nodes", null, "viewer"),
            new Endpoint("GET", "/clusters/nosuch/inventory", null, "viewer"),
            new Endpoint("POST", "/clusters/nosuch/start", "{}", "operator"),
            new Endpoint("POST", "/clusters/nosuch/setup", null, "operator"),
            new Endpoint("POST", "/clusters/nosuch/resize", "{\"kind\": \"x\", \"delta\": 1}", "operator"),
            new Endpoint("POST", "/clusters/nosuch/stop", null, "operator"),
            new Endpoint("GET", "/templates", null, "viewer"),
            new Endpoint("GET", "/operations", null, "viewer"),
            new Endpoint("GET", "/operations/op-nosuch", null, "viewer"),
            new Endpoint("POST", "/operations/op-nosuch/cancel", null, "operator"),
            new Endpoint("GET", "/operations/op-nosuch/files/x", null, "viewer"),
            new Endpoint("GET", "/operations/op-nosuch/events", null, "viewer"),
            new Endpoint("HEAD", "/operations/op-nosuch/events", null, "viewer"),
            new Endpoint("GET", "/events?type=nosuch", null, "viewer"),
            new Endpoint("HEAD", "/events?type=nosuch", null, "viewer"));

    private static final List<String> ROLES = List.of("viewer", "operator", "admin");

    @Test
    public void everyEndpointAnswersEachKindOfCallerAsItShould() throws Exception {
        Rest rest = new Rest(getHttpPort());
        executeCommand("jaas:realm-manage --realm karaf; jaas:user-add viewer1 " + PASSWORD_SECRET + "; jaas:role-add viewer1 viewer; "
                + "jaas:user-add operator1 " + PASSWORD_SECRET + "; jaas:role-add operator1 operator; "
                + "jaas:user-add nobody1 " + PASSWORD_SECRET + "; jaas:role-add nobody1 ssh; jaas:update", 60_000L, true,
                new RolePrincipal("admin"));
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("viewer", Rest.basic("viewer1:" + PASSWORD_SECRET));
        callers.put("operator", Rest.basic("operator1:" + PASSWORD_SECRET));
        // Karaf's realm writes a new user and then its roles: wait until each logs in with its role
        awaitRole(rest, callers.get("viewer"), "viewer");
        awaitRole(rest, callers.get("operator"), "operator");
        callers.put("admin", RestIT.ADMIN);
        // the same roles by bearer token, from keys the users made themselves
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : ROLES) {
            tokens.put(role, Rest.bearer(token(rest, callers.get(role), role)));
        }
        String expired = expiredToken(rest);
        String revokedKeyToken = revokedToken(rest);
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            check(wrong, e, "no login", rest.call(null, e.method(), e.path(), e.body()), e.role() == null ? 0 : 401, null);
            check(wrong, e, "wrong password", rest.call(Rest.basic("viewer1:" + WRONG_PASSWORD), e.method(), e.path(), e.body()),
                    e.role() == null ? 0 : 401, null);
            check(wrong, e, "no Nubis role", rest.call(Rest.basic("nobody1:" + PASSWORD_SECRET), e.method(), e.path(), e.body()),
                    e.role() == null ? 0 : 403, null);
            check(wrong, e, "expired token", rest.call(Rest.bearer(expired), e.method(), e.path(), e.body()),
                    e.role() == null ? 0 : 401, e.role() == null ? null : "token_expired");
            check(wrong, e, "revoked key", rest.call(Rest.bearer(revokedKeyToken), e.method(), e.path(), e.body()),
                    e.role() == null ? 0 : 401, e.role() == null ? null : "key_revoked");
            for (String role : ROLES) {
                boolean allowed = e.role() == null || ROLES.indexOf(role) >= ROLES.indexOf(e.role());
                check(wrong, e, role + " (password)", rest.call(callers.get(role), e.method(), e.path(), e.body()),
                        allowed ? 0 : 403, null);
                check(wrong, e, role + " (token)", rest.call(tokens.get(role), e.method(), e.path(), e.body()),
                        allowed ? 0 : 403, null);
            }
        }
        int checks = ENDPOINTS.size() * (5 + 2 * ROLES.size());
        System.out.println("security: access matrix of " + ENDPOINTS.size() + " endpoints x " + (5 + 2 * ROLES.size())
                + " kinds of caller = " + checks + " checks; " + wrong.size() + " wrong");
        assertTrue(String.join("\n", wrong), wrong.isEmpty());
    }

    /**
     * The web console's files are public (the app holds no data: everything it shows comes from the
     * API, which checks the caller): every kind of caller gets the same answer, no path leaves the
     * console's folder, and only GET and HEAD are taken.
     */
    @Test
    public void theConsoleAnswersEveryCallerAlikeAndKeepsToItsFiles() throws Exception {
        Rest rest = new Rest(getHttpPort());
        String root = "http://127.0.0.1:" + getHttpPort();
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("no login", null);
        callers.put("wrong password", Rest.basic("admin:" + WRONG_PASSWORD));
        callers.put("admin (password)", RestIT.ADMIN);
        callers.put("admin (token)", Rest.bearer(token(rest, RestIT.ADMIN, "admin")));
        callers.put("forged token", "Bearer nbt_forged.forged");
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String index = fetch(http, root + "/nubis/console/", null, "GET").body();
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("/nubis/console/assets/[A-Za-z0-9_.-]+\\.js").matcher(index);
        assertTrue("index.html loads the app's script: " + index, script.find());
        // path -> the status every caller must get
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("GET /", 302);
        expected.put("GET /nubis/console", 302);
        expected.put("GET /nubis/console/", 200);
        expected.put("HEAD /nubis/console/", 200);
        expected.put("GET " + script.group(), 200);
        expected.put("GET /nubis/console/experiments/x", 200); // the app's route: index.html
        expected.put("GET /nubis/console/assets/nosuch.js", 404);
        expected.put("GET /nubis/console/..%2F..%2Fetc%2Fusers.properties", 404);
        expected.put("GET /nubis/console/%2e%2e/%2e%2e/etc/users.properties", 404);
        expected.put("GET /nubis/console/assets/..%2F..%2F..%2Fetc%2Fusers.properties", 404);
        expected.put("GET /nubis/console/%252e%252e/etc/users.properties", 404);
        expected.put("POST /nubis/console/", 405);
        expected.put("PUT /nubis/console/index.html", 405);
        expected.put("DELETE /nubis/console/index.html", 405);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            String path = e.getKey().substring(method.length() + 1);
            String first = null;
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                HttpResponse<String> a = fetch(http, root + path, caller.getValue(), method);
                String seen = a.statusCode() + " " + a.body();
                if (a.statusCode() != e.getValue()) {
                    wrong.add(e.getKey() + " as " + caller.getKey() + ": " + a.statusCode() + ", not " + e.getValue());
                } else if (first != null && !first.equals(seen)) {
                    wrong.add(e.getKey() + " as " + caller.getKey() + ": another answer than for no login");
                } else if (a.body().contains("{CRYPT}") || a.body().contains("admin =")) {
                    wrong.add(e.getKey() + " as " + caller.getKey() + ": shows etc/users.properties");
                } else if (a.statusCode() >= 400 && !a.body().contains("\"error\"")) {
                    wrong.add(e.getKey() + " as " + caller.getKey() + ": " + a.statusCode() + " without {error, detail}: " + a.body());
                }
                first = first == null ? seen : first;
            }
        }
        System.out.println("security: console " + expected.size() + " requests x " + callers.size() + " kinds of caller = "
                + expected.size() * callers.size() + " checks; " + wrong.size() + " wrong");
        assertTrue(String.join("\n", wrong), wrong.isEmpty());
    }

    private static HttpResponse<String> fetch(HttpClient http, String url, String authorization, String method) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Anything added to the API later is in the matrix, or this fails: the document lists every endpoint. */
    @Test
    public void theMatrixCoversEveryEndpointTheApiDocumentLists() throws Exception {
        JsonNode document = new Rest(getHttpPort()).call(null, "GET", "/openapi.json", null).body();
        List<String> missing = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(p -> {
            String shape = p.getKey().replaceAll("\\{[^}]+}", "[^/]+");
            p.getValue().fieldNames().forEachRemaining(m -> {
                String method = m.toUpperCase();
                if (List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH").contains(method) && ENDPOINTS.stream()
                        .noneMatch(e -> e.method().equals(method) && e.path().replaceAll("\\?.*", "").matches(shape))) {
                    missing.add(method + " " + p.getKey());
                }
            });
        });
        assertTrue("endpoints of the API document that the access matrix does not call: " + missing, missing.isEmpty());
    }

    /**
     * @param expected the status, or 0 for "let in": anything but 401/403 and never a 5xx (the
     *                 endpoints are called on names that do not exist)
     */
    private static void check(List<String> wrong, Endpoint e, String who, Rest.Answer a, int expected, String code) {
        boolean ok = expected == 0 ? a.status() != 401 && a.status() != 403 && a.status() < 500 : a.status() == expected;
        if (ok && code != null && a.body() != null) {
            ok = code.equals(a.body().path("error").asText());
        }
        if (ok && a.status() >= 400 && a.body() != null) {
            ok = a.body().has("error") && a.body().has("detail");
        }
        if (!ok) {
            wrong.add(e + " as " + who + ": " + a.status() + " " + a.text());
        }
    }

    private static void awaitRole(Rest rest, String login, String role) throws Exception {
        String seen = null;
        for (int i = 0; i < 100 && !role.equals(seen); i++) {
            Rest.Answer me = rest.call(login, "GET", "/auth/whoami", null);
            seen = me.status() == 200 ? me.body().path("role").asText() : null;
            if (!role.equals(seen)) {
                Thread.sleep(100);
            }
        }
        assertEquals("the role of the new user", role, seen);
    }

    private static String token(Rest rest, String login, String role) throws Exception {
        Rest.Answer key = rest.call(login, "POST", "/auth/keys", "{\"description\": \"matrix\", \"role\": \"" + role + "\"}");
        assertEquals(key.text(), 201, key.status());
        Rest.Answer token = rest.call(null, "POST", "/auth/token", "{\"accessKey\": \"" + key.body().path("key").path("accessKey").asText()
                + "\", \"secret\": \"" + key.body().path("secret").asText() + "\"}");
        assertEquals(token.text(), 200, token.status());
        return token.body().path("token").asText();
    }

    /** A token issued while tokens lived one second. */
    private String expiredToken(Rest rest) throws Exception {
        executeCommand("config:property-set -p org.nubis.security tokenTtlSeconds 1", 30_000L, true, new RolePrincipal("admin"),
                new RolePrincipal("manager"));
        try {
            String token = null;
            for (int i = 0; i < 50; i++) {
                Rest.Answer key = rest.call(RestIT.ADMIN, "POST", "/auth/keys", "{\"description\": \"short\"}");
                Rest.Answer t = rest.call(null, "POST", "/auth/token", "{\"accessKey\": \"" + key.body().path("key").path("accessKey").asText()
                        + "\", \"secret\": \"" + key.body().path("secret").asText() + "\"}");
                if (t.body().path("expiresIn").asInt() <= 1) {
                    token = t.body().path("token").asText();
                    break;
                }
                Thread.sleep(100); // the new lifetime is applied asynchronously
            }
            assertTrue("a one-second token", token != null);
            Thread.sleep(2100);
            return token;
        } finally {
            executeCommand("config:property-set -p org.nubis.security tokenTtlSeconds 900", 30_000L, true, new RolePrincipal("admin"),
                    new RolePrincipal("manager"));
        }
    }

    private static String revokedToken(Rest rest) throws Exception {
        Rest.Answer key = rest.call(RestIT.ADMIN, "POST", "/auth/keys", "{\"description\": \"to revoke\", \"role\": \"viewer\"}");
        String accessKey = key.body().path("key").path("accessKey").asText();
        String token = rest.call(null, "POST", "/auth/token", "{\"accessKey\": \"" + accessKey
                + "\", \"secret\": \"" + key.body().path("secret").asText() + "\"}").body().path("token").asText();
        assertEquals(200, rest.call(Rest.bearer(token), "GET", "/auth/whoami", null).status());
        Rest.Answer revoked = rest.call(RestIT.ADMIN, "DELETE", "/auth/keys/" + accessKey, null);
        assertTrue(revoked.text(), revoked.body().path("revokedAt").isTextual());
        Rest.Answer again = rest.call(null, "POST", "/auth/token", "{\"accessKey\": \"" + accessKey
                + "\", \"secret\": \"" + key.body().path("secret").asText() + "\"}");
        assertEquals("key_revoked", again.body().path("error").asText());
        return token;
    }

    @Test
    public void plantedSecretsAppearInNoAnswerLogOrFile() throws Exception {
        Rest rest = new Rest(getHttpPort());
        // plant: a cloud credential, an API key secret and its token, a password (right and wrong)
        Rest.Answer cloud = rest.call(RestIT.ADMIN, "PUT", "/clouds/scanned", "{\"type\": \"nosuchtype\", "
                + "\"settings\": {\"region\": \"r1\"}, \"credentials\": {\"secretKey\": \"" + CLOUD_SECRET + "\"}}");
        assertEquals(cloud.text(), 201, cloud.status());
        Rest.Answer key = rest.call(RestIT.ADMIN, "POST", "/auth/keys", "{\"description\": \"scan\"}");
        String keySecret = key.body().path("secret").asText();
        String token = rest.call(null, "POST", "/auth/token", "{\"accessKey\": \"" + key.body().path("key").path("accessKey").asText()
                + "\", \"secret\": \"" + keySecret + "\"}").body().path("token").asText();
        rest.call(Rest.basic("nobody:" + WRONG_PASSWORD), "GET", "/clouds", null);
        rest.call(Rest.bearer(token + "x"), "GET", "/clouds", null);
        try {
            // everything there is to read, as every caller
            for (String path : List.of("/clouds", "/clouds/scanned", "/auth/keys", "/operations", "/providers", "/auth/whoami")) {
                rest.call(Rest.bearer(token), "GET", path, null);
                rest.call(RestIT.ADMIN, "GET", path, null);
            }
            Rest.Answer shown = rest.call(RestIT.ADMIN, "GET", "/clouds/scanned", null);
            assertEquals("[\"secretKey\"]", shown.body().path("credentials").toString());
            assertEquals("r1", shown.body().path("settings").path("region").asText());
            JsonNode listed = rest.call(RestIT.ADMIN, "GET", "/auth/keys", null).body();
            assertFalse(listed.toString().contains("secretHash"));
        } finally {
            rest.call(RestIT.ADMIN, "DELETE", "/clouds/scanned", null);
        }
        List<String> planted = List.of(CLOUD_SECRET, keySecret, token, PASSWORD_SECRET, WRONG_PASSWORD);
        List<String> found = new ArrayList<>();
        synchronized (Rest.ANSWERS) {
            for (String answer : Rest.ANSWERS) {
                planted.stream().filter(s -> answer.contains(s) && !answerMayShow(answer, s, keySecret, token))
                        .forEach(s -> found.add("an answer shows " + s + ": " + answer));
            }
        }
        Path karaf = Path.of(System.getProperty("karaf.base"));
        Path secrets = karaf.resolve("etc/nubis/secrets");
        for (Path root : List.of(karaf.resolve("etc"), karaf.resolve("data"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).filter(p -> !p.startsWith(secrets))::iterator) {
                    String text = read(f);
                    planted.stream().filter(text::contains).forEach(s -> found.add(karaf.relativize(f) + " contains " + s));
                }
            }
        }
        assertTrue(String.join("\n", found), found.isEmpty());
    }

    /** The two answers that must show a secret: the key's creation (its secret) and the exchange (the token). */
    private static boolean answerMayShow(String answer, String secret, String keySecret, String token) {
        return secret.equals(keySecret) && answer.contains("\"secret\":\"" + keySecret + "\"")
                || secret.equals(token) && answer.contains("\"token\":\"" + token + "\"");
    }

    private static String read(Path f) {
        try {
            if (Files.size(f) > 64L * 1024 * 1024) {
                return "";
            }
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // a file that went away while we looked
        }
    }
}
