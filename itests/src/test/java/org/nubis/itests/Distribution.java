package org.nubis.itests;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The Nubis distribution unpacked and run as a user runs it: {@code bin/karaf} as a process, driven
 * through {@code bin/client -b}.
 *
 * <p>Its console (SSH) and HTTP ports are 0: the kernel gives Karaf free ports as it binds them, and
 * each start reads which ones from the JVM's listening sockets. A port that the test picks and Karaf
 * binds seconds later can be taken in between: a local-cloud sandbox took one in CI, and below the
 * ephemeral range another run on the same machine still can.
 */
final class Distribution implements AutoCloseable {

    record Shell(int exitCode, String output) {
    }

    private final Path home;
    private int sshPort = -1;
    private int httpPort = -1;
    private Process karaf;

    private Distribution(Path home) {
        this.home = home;
    }

    static Distribution unpack(Path target) throws Exception {
        Path into = target.toAbsolutePath();
        String tarball = System.getProperty("nubis.distribution");
        deleteTree(into);
        Files.createDirectories(into);
        run(List.of("tar", "xzf", tarball, "-C", into.toString(), "--strip-components=1"), into, Duration.ofMinutes(1));
        edit(into.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", "0");
        edit(into.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", "0");
        Path localcloud = Files.createDirectories(into.resolve("data/localcloud"));
        Files.copy(Path.of("src/test/resources/localcloud.properties"), localcloud.resolve("localcloud.properties"));
        return new Distribution(into);
    }

    Path home() {
        return home;
    }

    /** The HTTP port of the running distribution (a new one at each start). */
    int httpPort() {
        return httpPort;
    }

    /** The console's SSH port of the running distribution (a new one at each start). */
    int sshPort() {
        return sshPort;
    }

    /** The admin password that the first boot generated. */
    String adminPassword() throws IOException {
        return Files.readString(home.resolve("etc/nubis/secrets/admin.password")).strip();
    }

    /** Starts Nubis ({@code bin/karaf server}, JAVA_HOME set) and waits until the Nubis commands answer. */
    void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        launch(pb);
    }

    /**
     * Starts Nubis as a user starts it at a terminal: {@code bin/karaf} with its local console, in a
     * terminal that script(1) provides, with no JAVA_HOME and this JVM's {@code java} first on the PATH.
     * The console's output (welcome, prompt, warnings) goes to karaf-console.out. Its input stays open:
     * at its end (Ctrl-D) the local console would stop Nubis.
     */
    void startInTerminal() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ExternalProgram.require("script"), "-q", "-f", "-e", "-c", "bin/karaf", "/dev/null");
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("TERM", "xterm");
        launch(pb);
    }

    private void launch(ProcessBuilder pb) throws Exception {
        pb.directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-console.out").toFile()));
        sshPort = -1;
        httpPort = -1;
        karaf = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Nubis exited while starting; see " + home.resolve("karaf-console.out"));
            }
            if ((sshPort < 0 || httpPort < 0) && !findPorts()) {
                Thread.sleep(250);
                continue;
            }
            if (!Files.exists(home.resolve("etc/nubis/secrets/admin.password"))) {
                Thread.sleep(250);
                continue;
            }
            Shell s = shell("cloud:list");
            if (s.exitCode() == 0 && s.output().contains("ready")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Nubis did not become ready within 120 s");
    }

    /** Starts the local cloud the way Nubis does (Nubis itself starts it only when it has instances to ask about). */
    void startLocalCloud() throws Exception {
        run(List.of(home.resolve("bin/nubis-localcloud").toString(), "start", "--home", home.resolve("data/localcloud").toString()),
                home, Duration.ofMinutes(1));
    }

    /** kill -9 of the JVM, as a crash or an out-of-memory killer would do it. */
    void crash() throws Exception {
        Optional<ProcessHandle> jvm = karaf.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst();
        ProcessHandle victim = jvm.orElseThrow(() -> new IllegalStateException("no Karaf JVM found"));
        run(List.of("kill", "-9", String.valueOf(victim.pid())), home, Duration.ofSeconds(10));
        victim.onExit().get(30, TimeUnit.SECONDS);
        karaf.waitFor(30, TimeUnit.SECONDS);
        karaf = null;
        sshPort = -1;
        httpPort = -1;
    }

    /** Runs shell commands the way scripts do: {@code echo CMD | bin/client -b}. */
    Shell shell(String commands) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-u", "admin", "-p", adminPassword(),
                "-a", String.valueOf(sshPort), "-r", "3", "-b")
                .directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().write((commands + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/client did not return: " + commands);
        }
        return new Shell(p.exitValue(), out);
    }

    /** Starts commands in a client of their own and returns at once. */
    Process shellInBackground(String commands) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-u", "admin", "-p", adminPassword(),
                "-a", String.valueOf(sshPort), "-r", "3", "-b")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("background-client.out").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().write((commands + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        return p;
    }

    Shell shellOk(String commands) throws Exception {
        Shell s = shell(commands);
        if (s.exitCode() != 0) {
            throw new AssertionError("'" + commands + "' failed (" + s.exitCode() + "): " + s.output());
        }
        return s;
    }

    @Override
    public void close() throws Exception {
        if (karaf != null && karaf.isAlive()) {
            run(List.of(home.resolve("bin/stop").toString()), home, Duration.ofMinutes(1));
            if (!karaf.waitFor(60, TimeUnit.SECONDS)) {
                karaf.descendants().forEach(ProcessHandle::destroyForcibly);
                karaf.destroyForcibly();
            }
        }
        Path launcher = home.resolve("bin/nubis-localcloud");
        if (Files.exists(home.resolve("data/localcloud/localcloud.json"))) {
            run(List.of(launcher.toString(), "stop", "--home", home.resolve("data/localcloud").toString()), home, Duration.ofMinutes(1));
        }
    }

    private static String run(List<String> command, Path dir, Duration timeout) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }

    static void edit(Path cfg, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean done = false;
        for (String line : Files.readAllLines(cfg)) {
            if (line.matches("\\s*" + key + "\\s*=.*")) {
                lines.add(key + " = " + value);
                done = true;
            } else {
                lines.add(line);
            }
        }
        if (!done) {
            lines.add(key + " = " + value);
        }
        Files.write(cfg, lines);
    }

    /**
     * Finds the console's and the HTTP server's ports among the Karaf JVM's listening sockets: the one
     * whose server speaks first with "SSH-" is the console, the one that answers a request with
     * "HTTP/" is the web server. Karaf's shutdown port (data/port) is left alone.
     *
     * @return whether both are known
     */
    private boolean findPorts() throws IOException {
        Optional<ProcessHandle> jvm = karaf.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst();
        if (jvm.isEmpty()) {
            return false;
        }
        Set<Integer> ports = listeningPorts(jvm.get().pid());
        Path shutdownPort = home.resolve("data/port");
        if (Files.exists(shutdownPort)) {
            try {
                ports.remove(Integer.valueOf(Files.readString(shutdownPort).strip()));
            } catch (NumberFormatException beingWritten) {
                return false;
            }
        }
        for (int port : ports) {
            if (port == sshPort || port == httpPort) {
                continue;
            }
            String greeting = greeting(port);
            if (greeting.startsWith("SSH-")) {
                sshPort = port;
            } else if (greeting.startsWith("HTTP/")) {
                httpPort = port;
            }
        }
        return sshPort > 0 && httpPort > 0;
    }

    /** TCP ports in state LISTEN (0A) in the kernel's tables whose socket the process holds (Linux /proc). */
    private static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<Integer> ports = new TreeSet<>();
        for (String[] row : listening(pid)) {
            ports.add(Integer.parseInt(row[1].substring(row[1].indexOf(':') + 1), 16));
        }
        return ports;
    }

    /** A listening socket: which process, the address and port as the kernel writes them, whether it is loopback. */
    record Listener(String process, String address, boolean loopback) {
    }

    /** The listening sockets of the Karaf JVM, of the processes it started and of the local cloud. */
    List<Listener> listeners() throws IOException {
        List<ProcessHandle> processes = new ArrayList<>();
        karaf.descendants().forEach(processes::add);
        Path localCloud = home.resolve("data/localcloud/localcloud.json");
        if (Files.exists(localCloud)) { // a daemon of its own, not Karaf's child
            ProcessHandle.of(Rest.JSON.readTree(localCloud.toFile()).path("pid").asLong()).ifPresent(processes::add);
        }
        List<Listener> listeners = new ArrayList<>();
        for (ProcessHandle p : processes) {
            for (String[] row : listening(p.pid())) {
                String address = row[1].substring(0, row[1].indexOf(':'));
                // IPv4 (also mapped into IPv6) 127.x.x.x is 7F in the last byte the kernel writes; ::1 is 01000000 last
                boolean loopback = address.endsWith("7F") || address.equals("00000000000000000000000001000000");
                listeners.add(new Listener(p.info().command().orElse("pid " + p.pid()) + " (" + p.pid() + ")", row[1], loopback));
            }
        }
        return listeners;
    }

    /** The kernel's rows (split on blanks) of the TCP sockets in state LISTEN that the process holds. */
    private static List<String[]> listening(long pid) throws IOException {
        Set<String> sockets = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        } catch (IOException exitedMeanwhile) {
            return List.of();
        }
        List<String[]> rows = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                if ("0A".equals(f[3]) && sockets.contains(f[9])) {
                    rows.add(f);
                }
            }
        }
        return rows;
    }

    /** The first bytes a server sends: unprompted (SSH speaks first), else in answer to an HTTP request. */
    private static String greeting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            byte[] first = new byte[5];
            int n;
            try {
                n = in.readNBytes(first, 0, first.length);
            } catch (SocketTimeoutException silent) {
                socket.getOutputStream().write("HEAD / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                n = in.readNBytes(first, 0, first.length);
            }
            return new String(first, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException notYetOrNotThis) {
            return "";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
        }
    }
}
