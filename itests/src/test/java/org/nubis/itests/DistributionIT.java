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
import java.util.concurrent.TimeUnit;
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
 * A fresh distribution, booted as a user boots it ({@code bin/karaf} at a terminal, no JAVA_HOME,
 * {@code java} on the PATH): it greets as Nubis on its console and over SSH; no password works until
 * the first boot has made the admin's; then the Java client, from outside, drives an experiment end to
 * end with an API key whose tokens live a few seconds.
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
        nubis.startInTerminal();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (nubis != null) {
            nubis.close();
        }
    }

    @Test
    public void theConsoleGreetsAsNubisAndFindsItsJdkByItself() throws Exception {
        String console = plain(Files.readString(nubis.home().resolve("karaf-console.out")));
        assertGreetsAsNubis(console);
        assertTrue(console, console.contains("'<ctrl-d>' or 'system:shutdown' stops Nubis."));
        assertTrue("the local console's prompt: " + console, console.contains("admin@nubis()> "));
        assertFalse(console, console.contains("JAVA_HOME not set"));
        assertFalse(console, console.contains("results may vary"));
    }

    @Test
    public void anSshSessionGreetsAsNubis() throws Exception {
        String ssh = ExternalProgram.require("ssh");
        // The password reaches ssh through an askpass program: never on a command line or in output.
        Path askpass = nubis.home().resolve("askpass");
        Files.writeString(askpass, "#!/bin/sh\ncat '" + nubis.home().resolve("etc/nubis/secrets/admin.password") + "'\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder pb = new ProcessBuilder(ssh, "-tt", "-p", String.valueOf(nubis.sshPort()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", "admin@127.0.0.1")
                .redirectErrorStream(true);
        pb.environment().put("SSH_ASKPASS", askpass.toString());
        pb.environment().put("SSH_ASKPASS_REQUIRE", "force");
        Process p = pb.start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (var in = p.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException ended) {
                // the session is over
            }
        });
        reader.start();
        try {
            // Typed only at the prompt: the terminal would echo what is typed ahead into the welcome.
            awaitOutput(output, "admin@nubis()> ");
            p.getOutputStream().write("exp\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            awaitOutput(output, "admin@nubis(exp)> ");
            p.getOutputStream().write("logout\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            assertTrue("the ssh session did not end", p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        reader.join(10_000);
        String session = plain(output.toString());
        assertGreetsAsNubis(session);
        assertTrue(session, session.contains("'<ctrl-d>' or 'logout' leaves this session; 'system:shutdown' stops Nubis."));
        assertTrue("the prompt: " + session, session.contains("admin@nubis()> "));
        assertTrue("the prompt in a subshell: " + session, session.contains("admin@nubis(exp)> "));
        assertFalse(session, session.contains(nubis.adminPassword()));
    }

    @Test
    public void setenvTakesTheJdkOfTheJavaOnThePathUnlessJavaHomeIsSet() throws Exception {
        String jdk = Path.of(System.getProperty("java.home")).toRealPath().toString();
        Path javaOnPath = Files.createTempDirectory("java-on-path");
        Files.createSymbolicLink(javaOnPath.resolve("java"), Path.of(jdk, "bin", "java"));
        String setenv = nubis.home().resolve("bin/setenv").toString();
        assertEquals(jdk, sh("unset JAVA_HOME; PATH=" + javaOnPath + ":/usr/bin:/bin; . " + setenv + "; echo \"$JAVA_HOME\""));
        assertEquals("/opt/some-jdk", sh("JAVA_HOME=/opt/some-jdk; . " + setenv + "; echo \"$JAVA_HOME\""));
        assertEquals("no java, no guess", "", sh("unset JAVA_HOME; PATH=/nonexistent; . " + setenv + "; echo \"${JAVA_HOME:-}\""));
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
    public void nothingListensBeyondLoopbackByDefault() throws Exception {
        nubis.startLocalCloud(); // its sandboxes and API faces too
        List<Distribution.Listener> all = nubis.listeners();
        // the console, HTTP, the shutdown port, the local cloud's native and EC2 faces at least
        assertTrue("listening: " + all, all.size() >= 5);
        assertEquals("listening beyond loopback", List.of(), all.stream().filter(l -> !l.loopback()).toList());
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

    private static void assertGreetsAsNubis(String text) {
        String version = System.getProperty("nubis.version");
        assertTrue("the welcome names Nubis and its version: " + text, text.contains("Nubis " + version + " - "));
        assertTrue(text, text.contains("cloud:providers"));
        assertTrue(text, text.contains("etc/nubis/secrets/admin.password"));
        assertFalse(text, text.contains("Apache Karaf"));
        assertFalse(text, text.contains("@root()"));
    }

    private static void awaitOutput(StringBuffer output, String expected) throws InterruptedException {
        for (int i = 0; i < 600 && !plain(output.toString()).contains(expected); i++) {
            Thread.sleep(100);
        }
        assertTrue("no '" + expected + "' in: " + plain(output.toString()), plain(output.toString()).contains(expected));
    }

    /** Terminal output without its escape sequences and carriage returns. */
    private static String plain(String terminal) {
        return terminal.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replaceAll("\u001B[=>]", "").replace("\r", "");
    }

    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
        return out;
    }
}
