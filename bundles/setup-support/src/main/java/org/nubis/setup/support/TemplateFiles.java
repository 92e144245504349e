package org.nubis.setup.support;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.setup.SetupRun;

/**
 * The files a template names for its setup (scripts, playbooks): a relative path resolves against the
 * template's directory, and when a shared directory is given and the template's has no such file,
 * against the shared one; an absolute path is taken as it is.
 *
 * @param dir    the template's directory
 * @param shared where files shipped with Nubis are (e.g. {@code ${karaf.etc}/nubis/playbooks}), or null
 * @param noun   what the files are, for messages ({@code script}, {@code playbook})
 */
public record TemplateFiles(Path dir, Path shared, String noun) {

    /** Core's directory of templates and what they use: {@code ${karaf.etc}/nubis} (outside Karaf {@code ~/.nubis/nubis}). */
    public static Path nubisEtc() {
        String etc = System.getProperty("karaf.etc");
        Path base = etc != null && !etc.isBlank() ? Path.of(etc) : Path.of(System.getProperty("user.home"), ".nubis");
        return base.resolve("nubis").toAbsolutePath().normalize();
    }

    /** The template's directory ({@link ClusterTemplate#directory()}), else {@code ${karaf.etc}/nubis/clusters}. */
    public static Path templateDir(ClusterTemplate template) {
        return template == null ? nubisEtc().resolve("clusters")
                : template.directory().orElseGet(() -> nubisEtc().resolve("clusters"));
    }

    /** The run's {@link SetupRun#templateDir()}, else its template's directory. */
    public static Path templateDir(SetupRun run) {
        return run.templateDir() != null ? run.templateDir() : templateDir(run.cluster().spec());
    }

    /** The file's absolute path; throws {@link InvalidPathException} for text that is no path. */
    public Path resolve(String file) {
        Path path = Path.of(file.trim());
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Path local = dir.resolve(path).toAbsolutePath().normalize();
        if (shared == null || Files.exists(local)) {
            return local;
        }
        Path common = shared.resolve(path).toAbsolutePath().normalize();
        return Files.exists(common) ? common : local;
    }

    /** What is wrong with a file as written in a template, or null when it can be used. */
    public String problem(String file) {
        if (file == null || file.isBlank()) {
            return "empty " + noun + " path";
        }
        Path path;
        try {
            path = resolve(file);
        } catch (InvalidPathException e) {
            return "not a valid path: " + file;
        }
        if (!Files.exists(path)) {
            Path written = Path.of(file.trim());
            return shared == null || written.isAbsolute() ? "no such file " + path
                    : "no such file " + path + " (nor " + shared.resolve(written).normalize() + ")";
        }
        if (!Files.isRegularFile(path)) {
            return "not a regular file " + path;
        }
        if (!Files.isReadable(path)) {
            return "cannot read " + path;
        }
        return null;
    }

    /** Adds {@code field[i]: problem} to {@code errors} for each unusable file of the list. */
    public void check(List<String> errors, String field, List<String> files) {
        for (int i = 0; i < files.size(); i++) {
            String problem = problem(files.get(i));
            if (problem != null) {
                errors.add(field + "[" + i + "]: " + problem);
            }
        }
    }
}
