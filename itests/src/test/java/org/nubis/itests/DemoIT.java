package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * The README's first command, {@code ./nubis-demo}, run as a user runs it (each run in a directory of
 * its own under target/): it ends with its check that the cloud itself has nothing left running, and
 * that check fails when something is left, as with {@code --keep}.
 */
public class DemoIT {

    private record Run(int exitCode, String output) {
    }

    private final List<Path> started = new ArrayList<>();

    @Test
    public void theDemoRunsTheMainJobAndLeavesNothingRunning() throws Exception {
        Path dir = Path.of("target/demo-run").toAbsolutePath();
        Run run = demo(dir);
        assertEquals(run.output(), 0, run.exitCode());
        assertTrue(run.output(), run.output().contains("OK: 3 instances provisioned, used and deprovisioned; nothing left running."));
        assertFalse(run.output(), run.output().contains("JAVA_HOME not set"));
        assertEquals("the demo stopped its local cloud", 0, liveOrNone(dir));
    }

    @Test
    public void withKeepTheLastCheckFindsTheInstancesLeftAndTheDemoFails() throws Exception {
        Path dir = Path.of("target/demo-keep").toAbsolutePath();
        Run run = demo(dir, "--keep");
        assertEquals(run.output(), 1, run.exitCode());
        assertTrue(run.output(), run.output().contains("FAILED: 3 instance(s) still running on the local cloud (listed above)."));
        assertFalse(run.output(), run.output().contains("OK: "));
        assertTrue(run.output(), run.output().contains("--keep: Nubis is still running in " + dir));
        assertEquals("the cloud itself has them", 3, new LocalCloudApi(dir.resolve("data/localcloud")).live().size());
    }

    @Test
    public void aDirectoryThatHoldsSomethingElseIsLeftAlone() throws Exception {
        Path dir = Path.of("target/demo-elsewhere").toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("something-else.txt"), "not a demo");
        Run run = demo(dir);
        assertEquals(run.output(), 1, run.exitCode());
        assertEquals(run.output(), "nubis-demo: " + dir + " is not empty and holds no earlier demo: choose another --dir",
                run.output().strip());
        assertTrue(Files.exists(dir.resolve("something-else.txt")));
    }

    @After
    public void stopWhatTheDemoLeft() throws Exception {
        for (Path dir : started) {
            if (Files.exists(dir.resolve("bin/stop"))) {
                exec(dir, dir.resolve("bin/stop").toString());
            }
            if (Files.exists(dir.resolve("data/localcloud/localcloud.json"))) {
                exec(dir, dir.resolve("bin/nubis-localcloud").toString(), "stop", "--home", dir.resolve("data/localcloud").toString());
            }
        }
    }

    private Run demo(Path dir, String... options) throws Exception {
        ExternalProgram.require("python3");
        started.add(dir);
        List<String> command = new ArrayList<>(List.of(Path.of("../nubis-demo").toAbsolutePath().normalize().toString(), "--dir", dir.toString()));
        command.addAll(List.of(options));
        return exec(Path.of(".."), command.toArray(new String[0]));
    }

    private static Run exec(Path dir, String... command) throws Exception {
        Path out = Files.createTempFile(Path.of("target"), "demo", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().remove("JAVA_HOME"); // as on a fresh machine: the distribution finds its JDK
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end in 10 minutes: " + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Live instances of the demo's local cloud, 0 when it is not running. */
    private static int liveOrNone(Path dir) throws Exception {
        Path home = dir.resolve("data/localcloud");
        if (!Files.exists(home.resolve("localcloud.json"))) {
            return 0;
        }
        try {
            return new LocalCloudApi(home).live().size();
        } catch (java.io.IOException stopped) {
            return 0;
        }
    }
}
