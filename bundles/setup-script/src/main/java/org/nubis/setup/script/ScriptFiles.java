package org.nubis.setup.script;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.nubis.api.cluster.ClusterTemplate;

/** Where a template's scripts are: relative paths resolve against the template's directory. */
final class ScriptFiles {

    private ScriptFiles() {
    }

    /** The template's directory ({@link ClusterTemplate#directory()}), else {@code ${karaf.etc}/nubis/clusters}. */
    static Path templateDir(ClusterTemplate template) {
        return template.directory().orElseGet(ScriptFiles::clustersDir);
    }

    /** Where core keeps templates by default: {@code ${karaf.etc}/nubis/clusters} (outside Karaf {@code ~/.nubis/nubis/clusters}). */
    static Path clustersDir() {
        String etc = System.getProperty("karaf.etc");
        Path base = etc != null && !etc.isBlank() ? Path.of(etc) : Path.of(System.getProperty("user.home"), ".nubis");
        return base.resolve("nubis").resolve("clusters").toAbsolutePath().normalize();
    }

    /** The script's absolute path; throws {@link InvalidPathException} for text that is no path. */
    static Path resolve(Path templateDir, String script) {
        Path path = Path.of(script.trim());
        return (path.isAbsolute() ? path : templateDir.resolve(path)).toAbsolutePath().normalize();
    }

    /** What is wrong with a script as written in a template, or null when it can be used. */
    static String problem(Path templateDir, String script) {
        if (script == null || script.isBlank()) {
            return "empty script path";
        }
        Path path;
        try {
            path = resolve(templateDir, script);
        } catch (InvalidPathException e) {
            return "not a valid path: " + script;
        }
        if (!Files.exists(path)) {
            return "no such file " + path;
        }
        if (!Files.isRegularFile(path)) {
            return "not a regular file " + path;
        }
        if (!Files.isReadable(path)) {
            return "cannot read " + path;
        }
        return null;
    }

    /** The script's file name, which names it in messages and on the node. */
    static String name(String script) {
        String trimmed = script.trim();
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 && slash < trimmed.length() - 1 ? trimmed.substring(slash + 1) : trimmed;
    }
}
