package org.nubis.provider.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nubis.api.CloudException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the local cloud process of a home directory, or starts it with the launcher script.
 * The process is started detached (by the script), so that its instances outlive Nubis.
 */
class LocalCloudProcess {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCloudProcess.class);
    private final Path home;
    private final Path launcher;
    private final Duration startTimeout;

    LocalCloudProcess(Path home, Path launcher, Duration startTimeout) {
        this.home = home;
        this.launcher = launcher;
        this.startTimeout = startTimeout;
    }

    Path home() {
        return home;
    }

    Optional<LocalCloudEndpoint> running() {
        return LocalCloudEndpoint.read(home);
    }

    /**
     * True when no local cloud runs here and none has kept an instance here: there is nothing to
     * describe, and starting the process (a JVM) only to hear "none" cost every Nubis start, since
     * the start-up reconcile asks every cloud.
     */
    boolean stoppedAndEmpty() {
        if (running().isPresent()) {
            return false;
        }
        try (Stream<Path> instances = Files.list(home.resolve("instances"))) {
            return instances.findAny().isEmpty();
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The running endpoint; starts the process first when there is none. */
    synchronized LocalCloudEndpoint ensureRunning() {
        Optional<LocalCloudEndpoint> found = running();
        if (found.isPresent()) {
            return found.get();
        }
        start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            found = running();
            if (found.isPresent()) {
                LOG.info("Local cloud running: pid {}, home {}", found.get().pid(), home);
                return found.get();
            }
            sleep(100);
        }
        throw new CloudException("the local cloud did not start within " + startTimeout.toSeconds()
                + " s; see " + home.resolve("localcloud.log") + lastLogLine());
    }

    private void start() {
        if (!Files.isExecutable(launcher)) {
            throw new CloudException("cannot start the local cloud: launcher " + launcher
                    + " is missing or not executable (set 'launcher' in the cloud's configuration)");
        }
        LOG.info("Starting the local cloud: {} start --home {}", launcher, home);
        ProcessBuilder pb = new ProcessBuilder(List.of(launcher.toString(), "start", "--home", home.toString()))
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        try {
            Files.createDirectories(home);
            Path out = home.resolve("launcher.out");
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(startTimeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CloudException("the local cloud launcher did not return within " + startTimeout.toSeconds() + " s");
            }
            String said = Files.readString(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0 && !(said.contains("already running") && startedByAnother())) {
                throw new CloudException("the local cloud failed to start: " + lastLine(said)
                        + " (see " + home.resolve("localcloud.log") + ")");
            }
        } catch (IOException e) {
            throw new CloudException("cannot start the local cloud with " + launcher + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while starting the local cloud", e);
        }
    }

    /**
     * Whether another starter (another Nubis on the same home, say) won the race: its process holds
     * the home and will write where it answers; wait for that rather than fail.
     */
    private boolean startedByAnother() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (running().isPresent()) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    private String lastLogLine() {
        try {
            String log = Files.readString(home.resolve("localcloud.log"), StandardCharsets.UTF_8).strip();
            return log.isEmpty() ? "" : ": " + lastLine(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String text) {
        int nl = text.lastIndexOf('\n');
        return nl < 0 ? text : text.substring(nl + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while waiting for the local cloud to start", e);
        }
    }
}
