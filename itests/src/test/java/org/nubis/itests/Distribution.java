package org.nubis.itests;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Nubis distribution unpacked and run as a user runs it: {@code bin/karaf server} as a
 * process, driven through {@code bin/client -b}, on ports of its own.
 */
final class Distribution implements AutoCloseable {

    record Shell(int exitCode, String output) {
    }

    private static final Random RANDOM = new Random();
    /** Ports handed out in this JVM: two distributions of one run never get the same one. */
    private static final Set<Integer> PICKED = ConcurrentHashMap.newKeySet();

    private final Path home;
    private final int sshPort;
    private final int httpPort;
    private Process karaf;

    private Distribution(Path home, int sshPort, int httpPort) {
        this.home = home;
        this.sshPort = sshPort;
        this.httpPort = httpPort;
    }

    static Distribution unpack(Path target) throws Exception {
        Path into = target.toAbsolutePath();
        String tarball = System.getProperty("nubis.distribution");
        deleteTree(into);
        Files.createDirectories(into);
        run(List.of("tar", "xzf", tarball, "-C", into.toString(), "--strip-components=1"), into, Duration.ofMinutes(1));
        int ssh = freePort();
        int http = freePort();
        edit(into.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(ssh));
        edit(into.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", String.valueOf(http));
        edit(into.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", String.valueOf(freePort()));
        edit(into.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(freePort()));
        Path localcloud = Files.createDirectories(into.resolve("data/localcloud"));
        Files.copy(Path.of("src/test/resources/localcloud.properties"), localcloud.resolve("localcloud.properties"));
        return new Distribution(into, ssh, http);
    }

    Path home() {
        return home;
    }

    int httpPort() {
        return httpPort;
    }

    /** The admin password that the first boot generated. */
    String adminPassword() throws IOException {
        return Files.readString(home.resolve("etc/nubis/secrets/admin.password")).strip();
    }

    /** Starts Nubis and waits until the Nubis commands answer. */
    void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-console.out").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        karaf = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Nubis exited while starting; see " + home.resolve("karaf-console.out"));
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
     * A free port below the kernel's ephemeral range. Not {@code new ServerSocket(0)}: that port comes
     * from the ephemeral range, where the local cloud's sandboxes and every outgoing connection take
     * theirs, so one of them could take it before Karaf binds it (it did, in CI).
     */
    private static int freePort() throws IOException {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 10_000 + RANDOM.nextInt(below - 10_000);
            if (PICKED.add(port) && bindable(port)) {
                return port;
            }
        }
        throw new IOException("no free port between 10000 and " + below);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
            return Math.max(11_000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException unknown) {
            return 32_768;
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
