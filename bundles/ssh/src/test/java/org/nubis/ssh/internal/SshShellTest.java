package org.nubis.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.SshTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link MinaSshEngine#shell}: interactive shells on in-process MINA servers running {@code /bin/sh -i}. */
@Timeout(60)
class SshShellTest {

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

    @Test
    void typedCommandsRunWithLiveOutputAndTheShellsExitStatus() throws Exception {
        TestHost host = host("shell-1");
        TestTerminal terminal = new TestTerminal("xterm-256color", 132, 43);

        RunningShell shell = start(host.target(USER), terminal);
        // The prompt (on stderr) reaches the terminal, flushed, while the shell waits for input.
        awaitTrue(() -> terminal.screen().endsWith(ShellCommand.PROMPT), "prompt on the terminal");
        terminal.type("echo hello; echo oops >&2; exit 3\n");

        assertEquals(3, shell.exitStatus());
        String screen = terminal.screen();
        // stdout and stderr each in order; between them, the order depends on the server's threads.
        assertTrue(screen.contains("hello\n"), screen);
        assertTrue(screen.contains("oops\n"), screen);
        assertEquals(List.of(new TestHost.PtyRequest("xterm-256color", "132", "43", RemoteShell.PTY_MODES)),
                host.stats.ptyRequests);
        assertFalse(terminal.inputClosed, "the user's input stays open");
        assertFalse(terminal.output.closed, "the user's output stays open");

        assertTrue(engine.run(List.of(host.target(USER)), "true", null, null).get(0).succeeded());
        assertEquals(1, host.stats.sessionsCreated.get(), "the shell used the pooled session");
    }

    @Test
    void resizeSendsAWindowChange() throws Exception {
        TestHost host = host("resizes");
        TestTerminal terminal = new TestTerminal("xterm", 80, 24);

        RunningShell shell = start(host.target(USER), terminal);
        awaitTrue(() -> terminal.screen().endsWith(ShellCommand.PROMPT), "prompt on the terminal");
        terminal.resize(100, 30);
        awaitTrue(() -> host.stats.windowChanges.contains("100x30"), "window change on the server");
        terminal.type("exit\n");

        assertEquals(0, shell.exitStatus());
        assertTrue(terminal.resizeListeners.isEmpty(), "the shell unsubscribed from the terminal's resizes");
        terminal.resize(90, 20);
        assertEquals(List.of("100x30"), host.stats.windowChanges, "nothing sent after the shell ended");
    }

    @Test
    void aTerminalThatSaysNothingGetsDefaults() throws Exception {
        TestHost host = host("dumb");
        TestTerminal terminal = new TestTerminal(null, 0, 0);

        RunningShell shell = start(host.target(USER), terminal);
        terminal.type("exit 0\n");

        assertEquals(0, shell.exitStatus());
        TestHost.PtyRequest pty = host.stats.ptyRequests.get(0);
        assertEquals(RemoteShell.DEFAULT_TYPE, pty.type());
        assertEquals("80", pty.columns());
        assertEquals("24", pty.rows());
    }

    @Test
    void endOfTheUsersInputIsPassedOnAsEof() throws Exception {
        TestHost host = host("eof");
        TestTerminal terminal = new TestTerminal("xterm", 80, 24);

        RunningShell shell = start(host.target(USER), terminal);
        terminal.type("echo bye\n");
        terminal.endInput();

        assertEquals(0, shell.exitStatus(), "sh -i on a pipe exits at EOF");
        assertTrue(terminal.screen().contains("bye\n"), terminal.screen());
    }

    @Test
    void interruptClosesTheShellAndThrows() throws Exception {
        TestHost host = host("interrupted");
        TestTerminal terminal = new TestTerminal("xterm", 80, 24);

        RunningShell shell = start(host.target(USER), terminal);
        awaitTrue(() -> terminal.screen().endsWith(ShellCommand.PROMPT), "prompt on the terminal");
        shell.thread.interrupt();

        Throwable thrown = shell.failure();
        assertTrue(thrown instanceof InterruptedException, String.valueOf(thrown));
        // The shell was waiting for input: only the closed channel can have ended it.
        awaitTrue(() -> host.stats.shellsEnded.get() == 1, "the server ended the remote shell");
        assertFalse(terminal.inputClosed, "the user's input stays open");
        assertFalse(terminal.output.closed, "the user's output stays open");

        // The pooled session survives.
        assertTrue(engine.run(List.of(host.target(USER)), "true", null, null).get(0).succeeded());
        assertEquals(1, host.stats.sessionsCreated.get());
    }

    @Test
    void interruptWhileConnectingThrows() throws Exception {
        MinaSshEngine patient = engine(new SshSettings(8, Duration.ofMinutes(5), Duration.ofMinutes(5),
                tmp.resolve("keys")));
        // Accepts the TCP connection but never speaks SSH: the call waits for the key exchange.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            SshTarget target = new SshTarget("silent", "127.0.0.1", silent.getLocalPort(), USER);
            RunningShell shell = start(patient, target, new TestTerminal("xterm", 80, 24));
            try (Socket accepted = silent.accept()) {
                shell.thread.interrupt();

                Throwable thrown = shell.failure();
                assertTrue(thrown instanceof InterruptedException, String.valueOf(thrown));
                // No connection is left behind: the client hangs up (the timeout only guards a hang).
                accepted.setSoTimeout(20_000);
                InputStream fromClient = accepted.getInputStream();
                while (fromClient.read() >= 0) {
                    // the client's greeting and key exchange offer
                }
            }
        }
    }

    @Test
    void changedHostKeyIsRefusedWithTheUsualMessage() throws Exception {
        TestHost host = host("demo-3");
        assertTrue(engine.run(List.of(host.target(USER)), "true", null, null).get(0).succeeded());
        TestHost rebuilt = host.restart(host.port(), TestHost.newHostKey(), nubisKey());
        hosts.add(rebuilt);
        TestTerminal terminal = new TestTerminal("xterm", 80, 24);

        IOException refused = assertThrows(IOException.class, () -> engine.shell(rebuilt.target(USER), terminal));

        assertEquals("host key of demo-3 (127.0.0.1:" + rebuilt.port() + ") changed: expected "
                + PinnedHostKeys.fingerprint(host.hostKeyLine()) + ", got "
                + PinnedHostKeys.fingerprint(rebuilt.hostKeyLine())
                + " — if the instance was rebuilt, deprovision and provision it again", refused.getMessage());
        assertTrue(rebuilt.stats.ptyRequests.isEmpty());
        assertEquals("", terminal.screen());
        assertFalse(terminal.inputClosed);
        assertFalse(terminal.output.closed);
    }

    @Test
    void connectionAndLoginFailuresAreOneLineIOExceptions() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        TestHost other = host("other-key", List.of(TestHost.newHostKey().getPublic()));
        TestTerminal terminal = new TestTerminal("xterm", 80, 24);

        IOException refused = assertThrows(IOException.class,
                () -> engine.shell(new SshTarget("nobody", "127.0.0.1", closedPort, USER), terminal));
        IOException denied = assertThrows(IOException.class, () -> engine.shell(other.target("alice"), terminal));

        assertEquals("connection refused", refused.getMessage());
        assertEquals("authentication failed for user alice with the Nubis key", denied.getMessage());
    }

    @Test
    void hostRefusingAShellIsAnIOException() throws Exception {
        TestHost host = host("no-shell");
        host.refuseShells();

        IOException refused = assertThrows(IOException.class,
                () -> engine.shell(host.target(USER), new TestTerminal("xterm", 80, 24)));

        assertEquals("the host refused to start a shell", refused.getMessage());
    }

    @Test
    void badRequestsAreRefused() {
        assertThrows(InvalidRequestException.class, () -> engine.shell(null, new TestTerminal("xterm", 80, 24)));
        assertThrows(InvalidRequestException.class,
                () -> engine.shell(new SshTarget("x", "127.0.0.1", 22, USER), null));
        assertThrows(InvalidRequestException.class,
                () -> engine.shell(new SshTarget("x", "127.0.0.1", 0, USER), new TestTerminal("xterm", 80, 24)));
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

    private RunningShell start(SshTarget target, TestTerminal terminal) {
        return start(engine, target, terminal);
    }

    private static RunningShell start(MinaSshEngine engine, SshTarget target, TestTerminal terminal) {
        RunningShell shell = new RunningShell(engine, target, terminal);
        shell.thread.start();
        return shell;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** {@code engine.shell} on a thread of its own, as a console command would run it. */
    private static final class RunningShell {
        final Thread thread;
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicReference<Object> outcome = new AtomicReference<>();

        RunningShell(MinaSshEngine engine, SshTarget target, TestTerminal terminal) {
            thread = new Thread(() -> {
                try {
                    outcome.set(engine.shell(target, terminal));
                } catch (Throwable t) {
                    outcome.set(t);
                } finally {
                    done.countDown();
                }
            }, "test-shell-caller");
            thread.setDaemon(true);
        }

        int exitStatus() throws Exception {
            Object result = ended();
            if (result instanceof Throwable) {
                throw new AssertionError("shell failed: " + result, (Throwable) result);
            }
            return (Integer) result;
        }

        Throwable failure() throws InterruptedException {
            Object result = ended();
            assertTrue(result instanceof Throwable, "shell should have failed, returned " + result);
            return (Throwable) result;
        }

        private Object ended() throws InterruptedException {
            assertTrue(done.await(30, TimeUnit.SECONDS), "the shell call ended");
            return outcome.get();
        }
    }

    /** A user's terminal: typed keys through a pipe, a screen that shows only what was flushed. */
    static final class TestTerminal implements SshTerminal {
        final Screen output = new Screen();
        volatile boolean inputClosed;
        private final PipedOutputStream keyboard = new PipedOutputStream();
        private final InputStream input;
        private final String type;
        private volatile int columns;
        private volatile int rows;
        private final List<Runnable> resizeListeners = new CopyOnWriteArrayList<>();

        TestTerminal(String type, int columns, int rows) throws IOException {
            this.type = type;
            this.columns = columns;
            this.rows = rows;
            input = new FilterInputStream(new PipedInputStream(keyboard, 4096)) {
                @Override
                public void close() throws IOException {
                    inputClosed = true;
                    super.close();
                }
            };
        }

        void type(String keys) throws IOException {
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        void endInput() throws IOException {
            keyboard.close();
        }

        void resize(int newColumns, int newRows) {
            columns = newColumns;
            rows = newRows;
            resizeListeners.forEach(Runnable::run);
        }

        String screen() {
            return output.shown();
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public int columns() {
            return columns;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public Subscription onResize(Runnable listener) {
            resizeListeners.add(listener);
            return () -> resizeListeners.remove(listener);
        }
    }

    /** Shows written bytes only once they are flushed, as a real terminal's buffered stream would. */
    static final class Screen extends OutputStream {
        volatile boolean closed;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final ByteArrayOutputStream shown = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            pending.write(bytes, offset, length);
        }

        @Override
        public synchronized void flush() {
            shown.writeBytes(pending.toByteArray());
            pending.reset();
        }

        @Override
        public void close() {
            closed = true;
        }

        synchronized String shown() {
            return shown.toString(StandardCharsets.UTF_8);
        }
    }
}
