package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.nubis.api.auth.NewApiKey;
import org.nubis.api.auth.Role;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.TransferResult;
import org.nubis.client.EventFilter;
import org.nubis.client.EventSubscription;
import org.nubis.client.NubisApiException;
import org.nubis.client.NubisClient;
import org.nubis.client.NubisEvent;

/**
 * A fresh distribution, booted as a user boots it (a process, its own ports): no password works
 * until the first boot has made the admin's; then the Java client, from outside, drives an
 * experiment end to end with an API key whose tokens live a few seconds.
 */
public class DistributionIT {

    private static final Duration MINUTES = Duration.ofMinutes(3);
    private static Distribution nubis;

    @BeforeClass
    public static void boot() throws Exception {
        nubis = Distribution.unpack(Path.of("target/distribution-it"));
        // short-lived tokens, so that the client has to renew them during the test
        Distribution.edit(nubis.home().resolve("etc/org.nubis.security.cfg"), "tokenTtlSeconds", "4");
        Path users = nubis.home().resolve("etc/users.properties");
        assertFalse("no user is shipped", Files.readAllLines(users).stream()
                .anyMatch(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("_g_")));
        nubis.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (nubis != null) {
            nubis.close();
        }
    }

    @Test
    public void theFirstBootMakesTheOnlyWorkingCredential() throws Exception {
        String password = nubis.adminPassword();
        assertTrue(password.length() >= 24);
        Path file = nubis.home().resolve("etc/nubis/secrets/admin.password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(nubis.home().resolve("karaf-console.out"))
                .contains("created user 'admin' (admin); its password is in " + file));

        Rest rest = new Rest(String.valueOf(nubis.httpPort()));
        Rest.Answer me = rest.call(Rest.basic("admin:" + password), "GET", "/auth/whoami", null);
        assertEquals(me.text(), 200, me.status());
        assertEquals("admin", me.body().path("role").asText());
        for (String tried : new String[] {"nubis:nubis", "admin:admin", "karaf:karaf"}) {
            assertEquals(tried, 401, rest.call(Rest.basic(tried), "GET", "/experiments", null).status());
        }
        assertEquals(401, rest.call(null, "GET", "/experiments", null).status());
        String stored = Files.readString(nubis.home().resolve("etc/users.properties"));
        assertFalse("users.properties keeps a hash, not the password", stored.contains(password));
        assertTrue(stored, stored.contains("admin = {CRYPT}"));
        String log = Files.readString(nubis.home().resolve("data/log/karaf.log"));
        assertTrue(log.contains("its password is in"));
        assertFalse("the password is never logged", log.contains(password));
    }

    @Test
    public void theJavaClientDrivesAnExperimentWithRenewedTokens() throws Exception {
        String api = "http://127.0.0.1:" + nubis.httpPort() + "/nubis/api/v1";
        NewApiKey key;
        try (NubisClient admin = NubisClient.builder().baseUri(api).basic("admin", nubis.adminPassword()).build()) {
            key = admin.createKey(Role.OPERATOR, "client itest");
        }
        List<NubisEvent> finished = new CopyOnWriteArrayList<>();
        try (NubisClient client = NubisClient.builder().baseUri(api).apiKey(key.key().accessKey(), key.secret())
                .renewBefore(Duration.ofSeconds(2)).build();
             EventSubscription events = client.subscribe(EventFilter.all().withTypes(NubisEvent.OPERATION_FINISHED), finished::add)) {
            assertEquals("token", client.whoami().via());
            client.createExperiment("java");
            List<Machine> up = client.provision("java", 3, "worker").awaitResult(MINUTES);
            assertEquals(3, up.size());
            client.await("java", Duration.ofSeconds(120)).awaitResult(MINUTES);
            Thread.sleep(5000); // longer than a token lives: the client must have renewed it by now
            List<CommandResult> ran = client.run("java", "echo from-java").awaitResult(MINUTES);
            assertEquals(3, ran.size());
            ran.forEach(r -> assertEquals("from-java\n", r.stdout()));

            client.putFile("java", "input\n".getBytes(StandardCharsets.UTF_8), "in.txt").awaitResult(MINUTES);
            client.run("java", "(cat in.txt; pwd) > out.txt").awaitResult(MINUTES);
            var fetch = client.fetch("java", "out.txt");
            List<TransferResult> fetched = fetch.awaitResult(MINUTES);
            Set<String> contents = new HashSet<>();
            for (TransferResult t : fetched) {
                Path local = client.downloadFetched(fetch.id(), t.targetId(), Files.createTempFile("fetched", ".txt"));
                String text = Files.readString(local);
                assertTrue(text, text.startsWith("input\n"));
                contents.add(text);
            }
            assertEquals("each instance's own file", 3, contents.size());

            assertEquals(3, client.deprovision("java").awaitResult(MINUTES).size());
            client.destroyExperiment("java").awaitResult(MINUTES);
            for (int i = 0; i < 50 && finished.size() < 7; i++) {
                Thread.sleep(100);
            }
            assertTrue("the stream saw the operations end: " + finished.size(), finished.size() >= 7);

            try (NubisClient admin = NubisClient.builder().baseUri(api).basic("admin", nubis.adminPassword()).build()) {
                admin.revokeKey(key.key().accessKey());
            }
            try {
                client.experiments();
                fail("a revoked key's client must be refused");
            } catch (NubisApiException e) {
                assertEquals(401, e.status());
                assertEquals("key_revoked", e.error());
                assertFalse(e.getMessage().contains(key.secret()));
            }
        }
    }
}
