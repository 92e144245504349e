package org.nubis.setup.ansible;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The ansible-playbook of this machine, for the tests that run it for real. Without it those tests
 * are skipped, with the reason printed, unless the environment says {@code CI=true}: there they fail.
 */
final class RealAnsible {

    private RealAnsible() {
    }

    /** The ansible-playbook on PATH (skips or fails the calling test when there is none). */
    static Path require() {
        Path found = AnsibleTool.onPath(AnsibleTool.PLAYBOOK);
        if (found == null) {
            String reason = "ansible-playbook is not on PATH (install ansible-core 2.14-2.17: apt install ansible-core)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason + "; CI=true requires it");
            }
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return found;
    }

    /** The repository's etc directory (etc/nubis/playbooks, etc/nubis/clusters), set by the build. */
    static Path etc() {
        String etc = System.getProperty("nubis.etc");
        if (etc == null) {
            throw new IllegalStateException("set nubis.etc (the build does)");
        }
        return Path.of(etc).toAbsolutePath().normalize();
    }
}
