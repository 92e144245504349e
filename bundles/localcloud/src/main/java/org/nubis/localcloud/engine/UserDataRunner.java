package org.nubis.localcloud.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an instance's user data once, at its first boot, like cloud-init does with a script: only user data
 * starting with {@code #!} is run. Its output goes to the console log that the API serves.
 */
final class UserDataRunner {

    private static final Logger LOG = LoggerFactory.getLogger(UserDataRunner.class);

    private UserDataRunner() {
    }

    static boolean isScript(String userData) {
        return userData != null && userData.startsWith("#!");
    }

    /** Starts the script in the background; returns at once. The caller has already marked it as started. */
    static void start(Sandbox sandbox) {
        InstanceFiles files = sandbox.files();
        Path console = files.console();
        try {
            Path script = files.userData();
            script.toFile().setExecutable(true, true);
            ProcessBuilder builder = new ProcessBuilder(script.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
            builder.environment().clear();
            builder.environment().putAll(sandbox.processes().baseEnvironment());
            Process process = sandbox.processes().start(builder);
            process.onExit().thenAccept(p -> note(console, "user data exited with status " + p.exitValue()));
        } catch (IOException e) {
            LOG.warn("{}: cannot run user data: {}", sandbox.id(), e.getMessage());
            note(console, "cannot run user data: " + e.getMessage());
        }
    }

    private static void note(Path console, String line) {
        try {
            Files.writeString(console, "[localcloud " + Instant.now() + "] " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.debug("cannot write console log {}", console, e);
        }
    }
}
