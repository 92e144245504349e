package org.nubis.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Stops, when the test JVM exits, every local cloud that a Pax Exam container started under
 * target/exam: a failed test may leave instances behind, and their cloud must not outlive the run.
 */
final class LocalCloudReaper {

    private static final AtomicBoolean ARMED = new AtomicBoolean();

    private LocalCloudReaper() {
    }

    static void armOnce() {
        if (ARMED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(LocalCloudReaper::stopAll, "local-cloud-reaper"));
        }
    }

    private static void stopAll() {
        Path exam = Path.of("target/exam");
        if (!Files.isDirectory(exam)) {
            return;
        }
        try (Stream<Path> containers = Files.list(exam)) {
            containers.filter(c -> Files.exists(c.resolve("data/localcloud/localcloud.json"))).forEach(LocalCloudReaper::stop);
        } catch (IOException e) {
            System.err.println("local cloud reaper: " + e);
        }
    }

    private static void stop(Path container) {
        try {
            Process p = new ProcessBuilder(container.resolve("bin/nubis-localcloud").toString(), "stop", "--home",
                    container.resolve("data/localcloud").toString()).inheritIO().start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("local cloud reaper: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
