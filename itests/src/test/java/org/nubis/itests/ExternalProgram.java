package org.nubis.itests;

import java.io.File;
import org.junit.Assume;

/**
 * Tests that need a program from outside the JVM (OpenSSH's ssh, sftp...) are skipped with a
 * printed reason when it is missing, except under CI=true, where CI installs it: there a missing
 * program fails the test.
 */
final class ExternalProgram {

    private ExternalProgram() {
    }

    static String require(String name) {
        String path = find(name);
        if (path == null) {
            String reason = "'" + name + "' is not on the PATH (.ci/run installs what the tests need: openssh-client, ansible-core...)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason + "; under CI=true every test must run");
            }
            System.err.println("SKIPPED: " + reason);
            Assume.assumeTrue(reason, false);
        }
        return path;
    }

    private static String find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
