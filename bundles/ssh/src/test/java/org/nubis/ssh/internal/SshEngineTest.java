package org.nubis.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.nubis.api.Progress;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.TransferResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SshEngineTest {

    private static final String USER = "nubis";

    @TempDir
    Path tmp;

    private FileSshIdentity identity;
    private PinnedHostKeys pins;
    private final List<TestHost> hosts = new ArrayList<>();
    private final List<MinaSshEngine> engines = new ArrayList<>();
    private MinaSshEngine engine;

    @BeforeEach
    void setUp() {
        identity = new FileSshIdentity(tmp.resolve("keys"));
        pins = new PinnedHostKeys(tmp.resolve("keys"));
        engine = engine(SshSettings.defaults(tmp.resolve("keys")));
    }

    @AfterEach
    void tearDown() throws IOException {
        engines.forEach(MinaSshEngine::close);
        for (TestHost host : hosts) {
            host.close();
        }
    }

    private MinaSshEngine engine(SshSettings settings) {
        MinaSshEngine created = new MinaSshEngine(identity, pins, settings);
        engines.add(created);
        return created;
    }

    private List<PublicKey> nubisKey() {
        return List.of(identity.keyPair().getPublic());
    }

    private TestHost host(String name) throws IOException {
        return host(name, nubisKey());
    }

    private TestHost host(String name, List<PublicKey> accepted) throws IOException {
        TestHost host = TestHost.start(name, tmp.resolve("hosts").resolve(name), accepted);
        hosts.add(host);
        return host;
    }

    private List<TestHost> hosts(int count) throws IOException {
        List<TestHost> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(host("host-" + i));
        }
        return started;
    }

    private static List<SshTarget> targets(List<TestHost> hosts) {
        return hosts.stream().map(h -> h.target(USER)).toList();
    }

    private TestHost restarted(TestHost host, KeyPair hostKey) throws IOException {
        TestHost again = host.restart(host.port(), hostKey, nubisKey());
        hosts.add(again);
        return again;
    }

    @Test
    void runsOnManyHostsWithEachHostsOwnExitCodeAndOutput() throws Exception {
        List<TestHost> many = hosts(20);
        Set<Integer> doneCounts = ConcurrentHashMap.newKeySet();
        Progress<CommandResult> progress = (result, done, total) -> {
            assertEquals(20, total);
            doneCounts.add(done);
        };

        List<CommandResult> results = engine.run(targets(many),
                "echo \"out $TEST_HOST\"; echo \"err $TEST_HOST\" >&2; exit $TEST_EXIT", null, progress);

        assertEquals(20, results.size());
        for (int i = 0; i < many.size(); i++) {
            TestHost host = many.get(i);
            CommandResult result = results.get(i);
            assertEquals(host.name, result.targetId(), "results in target order");
            assertNull(result.error(), result.error());
            assertEquals(host.expectedExit(), result.exitCode());
            assertEquals("out " + host.name + "\n", result.stdout());
            assertEquals("err " + host.name + "\n", result.stderr());
            assertEquals(result.exitCode() == 0, result.succeeded());
            assertEquals("curve25519-sha256", host.stats.lastKex.get(), "key exchange pinned to curve25519");
            assertEquals("aes128-gcm@openssh.com", host.stats.lastCipher.get(), "AES-GCM preferred to chacha20-poly1305");
        }
        assertEquals(20, doneCounts.size(), "progress told once per host");
    }

    @Test
    void hostsRunInParallel() throws Exception {
        List<TestHost> ten = hosts(10);
        long started = System.nanoTime();

        List<CommandResult> results = engine.run(targets(ten), "sleep 1", null, Progress.none());

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(results.stream().allMatch(CommandResult::succeeded), results::toString);
        assertTrue(seconds < 6, "10 hosts sleeping 1 s took " + seconds + " s");
    }

    @Test
    void reusesSessionsBetweenCalls() throws Exception {
        List<TestHost> three = hosts(3);
        for (int call = 0; call < 3; call++) {
            assertTrue(engine.run(targets(three), "true", null, null).stream().allMatch(CommandResult::succeeded));
        }
        for (TestHost host : three) {
            assertEquals(1, host.stats.sessionsCreated.get(), "sessions created on " + host.name);
            assertEquals(3, host.stats.commandsStarted.get());
        }
    }

    @Test
    void replacesAPooledSessionWhoseHostRestarted() throws Exception {
        TestHost host = host("reboots");
        assertTrue(engine.run(List.of(host.target(USER)), "true", null, null).get(0).succeeded());

        TestHost again = restarted(host, host.hostKey);
        CommandResult result = engine.run(List.of(again.target(USER)), "echo back", null, null).get(0);

        assertNull(result.error(), result.error());
        assertEquals("back\n", result.stdout());
        assertEquals(1, again.stats.sessionsCreated.get());
    }

    @Test
    void refusedConnectionIsThatHostsResultOnly() throws Exception {
        TestHost good = host("good");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SshTarget nobody = new SshTarget("nobody", "127.0.0.1", closedPort, USER);

        List<CommandResult> results = engine.run(List.of(nobody, good.target(USER)), "echo hi", null, null);

        assertEquals("connection refused", results.get(0).error());
        assertEquals(-1, results.get(0).exitCode());
        assertEquals("hi\n", results.get(1).stdout());
        assertTrue(results.get(1).succeeded());
    }

    @Test
    void silentHostTimesOutConnecting() throws Exception {
        MinaSshEngine quick = engine(new SshSettings(8, Duration.ofSeconds(1), Duration.ofMinutes(5),
                tmp.resolve("keys")));
        // Accepts TCP connections (the kernel's backlog does) but never speaks SSH.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            SshTarget target = new SshTarget("silent", "127.0.0.1", silent.getLocalPort(), USER);
            long started = System.nanoTime();

            CommandResult result = quick.run(List.of(target), "true", null, null).get(0);

            assertEquals("timed out connecting after 1 s", result.error());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void hostNotAcceptingTheNubisKeyIsAnAuthenticationFailure() throws Exception {
        TestHost other = host("other-key", List.of(TestHost.newHostKey().getPublic()));

        CommandResult result = engine.run(List.of(other.target("alice")), "true", null, null).get(0);

        assertEquals("authentication failed for user alice with the Nubis key", result.error());
    }

    @Test
    void changedHostKeyIsRefusedUntilForgotten() throws Exception {
        TestHost host = host("demo-2");
        assertTrue(engine.run(List.of(host.target(USER)), "true", null, null).get(0).succeeded());
        assertEquals(host.hostKeyLine(), pins.pinned("demo-2").orElseThrow());

        TestHost rebuilt = restarted(host, TestHost.newHostKey());
        CommandResult refused = engine.run(List.of(rebuilt.target(USER)), "true", null, null).get(0);

        assertEquals("host key of demo-2 (127.0.0.1:" + rebuilt.port() + ") changed: expected "
                + PinnedHostKeys.fingerprint(host.hostKeyLine()) + ", got "
                + PinnedHostKeys.fingerprint(rebuilt.hostKeyLine())
                + " — if the instance was rebuilt, deprovision and provision it again", refused.error());
        assertEquals(0, rebuilt.stats.commandsStarted.get());
        assertEquals(host.hostKeyLine(), pins.pinned("demo-2").orElseThrow(), "the old pin stays");

        engine.forget("demo-2");
        assertTrue(pins.pinned("demo-2").isEmpty());
        assertTrue(engine.run(List.of(rebuilt.target(USER)), "true", null, null).get(0).succeeded());
        assertEquals(rebuilt.hostKeyLine(), pins.pinned("demo-2").orElseThrow());
    }

    @Test
    void pinsFollowTheTargetIdNotTheAddress() throws Exception {
        TestHost first = host("first");
        assertTrue(engine.run(List.of(first.target(USER)), "true", null, null).get(0).succeeded());

        // The local cloud hands the port to another instance, which has its own host key.
        TestHost next = restarted(first, TestHost.newHostKey());
        SshTarget nextInstance = new SshTarget("second", "127.0.0.1", next.port(), USER);

        assertTrue(engine.run(List.of(nextInstance), "true", null, null).get(0).succeeded());
        assertEquals(next.hostKeyLine(), pins.pinned("second").orElseThrow());
        assertEquals(first.hostKeyLine(), pins.pinned("first").orElseThrow());
    }

    @Test
    void forgetClosesThePooledSession() throws Exception {
        TestHost host = host("gone");
        engine.run(List.of(host.target(USER)), "true", null, null);
        engine.forget("gone");
        engine.run(List.of(host.target(USER)), "true", null, null);

        assertEquals(2, host.stats.sessionsCreated.get());
    }

    @Test
    void commandTimeoutEndsThatHostsCommand() throws Exception {
        TestHost slow = host("slow");
        TestHost quick = host("quick");

        List<CommandResult> results = engine.run(List.of(slow.target(USER), quick.target(USER)),
                "if [ \"$TEST_HOST\" = slow ]; then echo started; sleep 20; fi", Duration.ofSeconds(1), null);

        CommandResult timedOut = results.get(0);
        assertEquals("command timed out after 1 s", timedOut.error());
        assertEquals(-1, timedOut.exitCode());
        assertEquals("started\n", timedOut.stdout(), "output so far is kept");
        assertTrue(timedOut.duration().compareTo(Duration.ofSeconds(5)) < 0);
        assertTrue(results.get(1).succeeded());
        awaitTrue(() -> slow.stats.commandsKilled.get() == 1, "the server saw the channel close");
    }

    @Test
    void interruptClosesChannelsAndThrows() throws Exception {
        List<TestHost> three = hosts(3);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        List<CommandResult> reported = Collections.synchronizedList(new ArrayList<>());
        Thread caller = new Thread(() -> {
            try {
                engine.run(targets(three), "sleep 30", null, (r, done, total) -> reported.add(r));
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                finished.countDown();
            }
        });
        caller.start();
        awaitTrue(() -> three.stream().allMatch(h -> h.stats.commandsStarted.get() == 1), "all started");

        long interrupted = System.nanoTime();
        caller.interrupt();

        assertTrue(finished.await(5, TimeUnit.SECONDS), "run returned after the interrupt");
        assertTrue(System.nanoTime() - interrupted < TimeUnit.SECONDS.toNanos(3));
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        for (TestHost host : three) {
            awaitTrue(() -> host.stats.commandsKilled.get() == 1, "remote command of " + host.name + " ended");
        }
        assertTrue(reported.isEmpty(), "no progress after cancelling: " + reported);

        // The pooled sessions survive a cancelled call.
        assertTrue(engine.run(targets(three), "true", null, null).stream().allMatch(CommandResult::succeeded));
        three.forEach(h -> assertEquals(1, h.stats.sessionsCreated.get()));
    }

    @Test
    void commandGetsNoInput() throws Exception {
        TestHost host = host("stdin");
        CommandResult result = engine.run(List.of(host.target(USER)), "cat; echo done", Duration.ofSeconds(10),
                null).get(0);
        assertEquals("done\n", result.stdout());
    }

    @Test
    void keptOutputIsCappedAndSaysSo() throws Exception {
        TestHost host = host("chatty");
        CommandResult result = engine.run(List.of(host.target(USER)),
                "head -c 1500000 /dev/zero | tr '\\0' a", null, null).get(0);

        assertTrue(result.succeeded());
        assertTrue(result.stdout().startsWith("a".repeat(CappedOutput.DEFAULT_LIMIT)));
        assertTrue(result.stdout().endsWith("[stdout truncated: kept the first 1048576 of 1500000 bytes]\n"),
                result.stdout().substring(CappedOutput.DEFAULT_LIMIT));
    }

    @Test
    void putsAndGetsFiles() throws Exception {
        List<TestHost> two = hosts(2);
        Path script = tmp.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho hello from $TEST_HOST\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));

        List<TransferResult> put = engine.put(targets(two), script, "/", null);

        for (int i = 0; i < two.size(); i++) {
            assertNull(put.get(i).error(), put.get(i).error());
            assertEquals("/hello.sh", put.get(i).remotePath());
            assertEquals(Files.size(script), put.get(i).bytes());
            Path remote = two.get(i).root.resolve("hello.sh");
            assertEquals(Files.readString(script), Files.readString(remote));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote)));
        }
        List<CommandResult> ran = engine.run(targets(two), "./hello.sh", null, null);
        assertEquals("hello from host-1\n", ran.get(1).stdout());

        Path downloads = tmp.resolve("downloads");
        List<TransferResult> got = engine.get(targets(two), "/hello.sh",
                target -> downloads.resolve(target.id()).resolve("hello.sh"), null);

        for (int i = 0; i < two.size(); i++) {
            assertNull(got.get(i).error(), got.get(i).error());
            Path local = downloads.resolve(two.get(i).name).resolve("hello.sh");
            assertEquals(local.toString(), got.get(i).localPath());
            assertEquals(Files.readString(script), Files.readString(local, StandardCharsets.UTF_8));
        }
        assertEquals(1, two.get(0).stats.sessionsCreated.get(), "SFTP and exec share the pooled session");
    }

    @Test
    void transferErrorsSayWhatIsMissing() throws Exception {
        TestHost host = host("files");
        Path file = tmp.resolve("data.txt");
        Files.writeString(file, "data");

        TransferResult put = engine.put(List.of(host.target(USER)), file, "/no/such/dir/data.txt", null).get(0);
        TransferResult get = engine.get(List.of(host.target(USER)), "/missing.txt",
                target -> tmp.resolve("missing.txt"), null).get(0);

        assertEquals("remote directory /no/such/dir does not exist (put does not create directories)", put.error());
        assertEquals("remote file /missing.txt does not exist", get.error());
        assertTrue(Files.notExists(tmp.resolve("missing.txt")));
    }

    @Test
    void badRequestsFailTheWholeCall() {
        assertThrows(org.nubis.api.InvalidRequestException.class,
                () -> engine.run(List.of(), " ", null, null));
        assertThrows(org.nubis.api.InvalidRequestException.class,
                () -> engine.put(List.of(), tmp.resolve("absent"), "/x", null));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
