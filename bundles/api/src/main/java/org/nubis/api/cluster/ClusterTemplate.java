package org.nubis.api.cluster;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a cluster is made of: a cloud, node kinds, how to log in and how to set the nodes up.
 * Templates are files {@code etc/nubis/clusters/NAME.yaml}; a cluster keeps its own copy, with
 * the overrides it was created with.
 *
 * @param loginUser     login user on the nodes, or null for each image's default
 * @param kinds         node kinds by name, in the order they were written
 * @param setupProvider name of the {@link org.nubis.api.setup.SetupProvider}, or null for none
 * @param setupVars     variables handed to the setup (Ansible extra vars, script environment)
 * @param options       provider-specific options for all kinds (security group, network...)
 * @param source        where the template came from (a file path), for messages
 */
public record ClusterTemplate(String name, String cloud, String loginUser, Map<String, NodeKind> kinds,
                              String setupProvider, Map<String, String> setupVars, Map<String, String> options,
                              int startTimeoutSeconds, int setupTimeoutSeconds, String source) {
    public ClusterTemplate {
        kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
        setupVars = setupVars == null ? Map.of() : Map.copyOf(setupVars);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /**
     * The directory of the template's file ({@link #source()}), against which the paths it names
     * (scripts, playbooks) resolve; empty when the source is no file path (e.g. {@code <console>}).
     */
    public Optional<Path> directory() {
        if (source == null || source.isBlank()) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(source.trim()).toAbsolutePath().normalize();
            Path parent = file.getParent();
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            boolean templateFile = Files.isRegularFile(file)
                    || (parent != null && Files.isDirectory(parent) && (name.endsWith(".yaml") || name.endsWith(".yml")));
            return templateFile && parent != null ? Optional.of(parent) : Optional.empty();
        } catch (InvalidPathException notAPath) {
            return Optional.empty();
        }
    }

    public int nodeCount() {
        return kinds.values().stream().mapToInt(NodeKind::count).sum();
    }

    public ClusterTemplate withKind(NodeKind kind) {
        Map<String, NodeKind> changed = new LinkedHashMap<>(kinds);
        changed.put(kind.name(), kind);
        return new ClusterTemplate(name, cloud, loginUser, changed, setupProvider, setupVars, options,
                startTimeoutSeconds, setupTimeoutSeconds, source);
    }
}
