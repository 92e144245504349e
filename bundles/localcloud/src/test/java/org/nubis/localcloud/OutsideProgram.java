package org.nubis.localcloud;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a program from outside (ssh, sftp, scp): skipped with a printed reason when it is missing,
 * except in CI (CI=true), where a missing program fails the test.
 */
final class OutsideProgram {

    private OutsideProgram() {
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
