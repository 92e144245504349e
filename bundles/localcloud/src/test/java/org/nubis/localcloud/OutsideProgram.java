package org.nubis.localcloud;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a program from outside (ssh, sftp, scp, aws): skipped with a printed reason when it is missing,
 * except in CI (CI=true), where a missing program fails the test.
 */
final class OutsideProgram {

    private OutsideProgram() {
    }

    /**
     * Like {@link #require} but also runs the program with {@code versionArgs} (e.g. "--version"): a PATH entry
     * that cannot run (a broken pyenv shim, say) counts as missing.
     */
    static Path requireWorking(String name, String packageHint, String... versionArgs) {
        Path program = require(name, packageHint);
        String problem;
        try {
            List<String> command = new ArrayList<>(List.of(program.toString()));
            command.addAll(List.of(versionArgs));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                problem = "'" + name + "' did not answer " + String.join(" ", versionArgs) + " within 60 s";
            } else if (process.exitValue() != 0) {
                problem = "'" + name + " " + String.join(" ", versionArgs) + "' fails (exit " + process.exitValue()
                        + "): " + output.lines().findFirst().orElse("");
            } else {
                return program;
            }
        } catch (IOException e) {
            problem = "'" + name + "' cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted while checking '" + name + "'";
        }
        String reason = problem + " (" + packageHint + ")";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(reason + "; CI=true requires it");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        return null;
    }

    static Path require(String name, String packageHint) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String reason = "'" + name + "' is not installed (" + packageHint + ")";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(reason + "; CI=true requires it");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        return null;
    }
}
