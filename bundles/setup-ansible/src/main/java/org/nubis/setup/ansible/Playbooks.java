package org.nubis.setup.ansible;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.nubis.api.cluster.ClusterTemplate;

/**
 * Where a template's playbooks are: a relative path resolves against the template's directory, and
 * when no such file is there, against the shared playbooks {@code ${karaf.etc}/nubis/playbooks}
 * (outside Karaf {@code ~/.nubis/nubis/playbooks}).
 */
final class Playbooks {

    private Playbooks() {
    }

    /** The template's directory ({@link ClusterTemplate#directory()}), else {@code ${karaf.etc}/nubis/clusters}. */
    static Path templateDir(ClusterTemplate template) {
        return template.directory().orElseGet(() -> etc().resolve("clusters"));
    }

    /** {@code ${karaf.etc}/nubis/playbooks}, the playbooks Nubis ships. */
    static Path sharedDir() {
        return etc().resolve("playbooks");
    }

    private static Path etc() {
        String etc = System.getProperty("karaf.etc");
        Path base = etc != null && !etc.isBlank() ? Path.of(etc) : Path.of(System.getProperty("user.home"), ".nubis");
        return base.resolve("nubis").toAbsolutePath().normalize();
    }

    /** The playbook's absolute path (the template's directory first, then the shared playbooks). */
    static Path resolve(Path templateDir, String playbook) {
        Path path = Path.of(playbook.trim());
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Path local = templateDir.resolve(path).toAbsolutePath().normalize();
        if (Files.exists(local)) {
            return local;
        }
        Path shared = sharedDir().resolve(path).toAbsolutePath().normalize();
        return Files.exists(shared) ? shared : local;
    }

    /** What is wrong with a playbook as written in a template, or null when it can be used. */
    static String problem(Path templateDir, String playbook) {
        if (playbook == null || playbook.isBlank()) {
            return "empty playbook path";
        }
        Path path;
        try {
            path = resolve(templateDir, playbook);
        } catch (InvalidPathException e) {
            return "not a valid path: " + playbook;
        }
        if (!Files.exists(path)) {
            Path written = Path.of(playbook.trim());
            return written.isAbsolute() ? "no such file " + path
                    : "no such file " + path + " (nor " + sharedDir().resolve(written).normalize() + ")";
        }
        if (!Files.isRegularFile(path)) {
            return "not a regular file " + path;
        }
        if (!Files.isReadable(path)) {
            return "cannot read " + path;
        }
        return null;
    }
}
