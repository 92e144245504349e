package org.nubis.setup.ansible;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nubis.api.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds ansible-playbook (the configured path, or PATH) and asks it its version. The answer is kept
 * while the file stays the same, so installing or upgrading Ansible needs no restart of Nubis.
 */
final class AnsibleTool {

    static final String PLAYBOOK = "ansible-playbook";
    static final String ADHOC = "ansible";
    static final String CONFIG_FILE = "etc/" + AnsibleConfig.PID + ".cfg";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(AnsibleTool.class);

    /**
     * What was found.
     *
     * @param problem why it cannot be used (one line saying how to fix it), or null
     */
    record Probe(Path playbook, Path adhoc, AnsibleVersion version, String problem) {
        boolean usable() {
            return problem == null;
        }

        String describe() {
            return usable() ? version.line() + " at " + playbook : problem;
        }
    }

    private final String configured;
    private final Workspace workspace;
    private final AnsibleProcess processes;
    private final String searchPath;
    private Probe cached;
    private Object cachedKey;

    AnsibleTool(String configured, Workspace workspace, AnsibleProcess processes) {
        this(configured, workspace, processes, System.getenv("PATH"));
    }

    /** @param searchPath the directories to search when no path is configured (PATH's syntax) */
    AnsibleTool(String configured, Workspace workspace, AnsibleProcess processes, String searchPath) {
        this.configured = configured == null ? "" : configured.trim();
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.processes = Objects.requireNonNull(processes, "processes");
        this.searchPath = searchPath;
    }

    /** The tool, or an {@link InvalidRequestException} saying why it cannot be used and how to fix it. */
    Probe require() {
        Probe probe = probe();
        if (!probe.usable()) {
            throw new InvalidRequestException(probe.problem());
        }
        return probe;
    }

    synchronized Probe probe() {
        Path playbook;
        if (!configured.isEmpty()) {
            try {
                playbook = Path.of(configured).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                return new Probe(null, null, null, "ansiblePlaybook '" + configured + "' in " + CONFIG_FILE
                        + " is not a path; install ansible-core (Debian: apt install ansible-core) or fix ansiblePlaybook");
            }
            if (!Files.isRegularFile(playbook) || !Files.isExecutable(playbook)) {
                return remember(null, new Probe(null, null, null, "ansible-playbook not found at " + playbook
                        + " (ansiblePlaybook in " + CONFIG_FILE + "); install ansible-core "
                        + "(Debian: apt install ansible-core) or fix ansiblePlaybook"));
            }
        } else {
            playbook = onPath(PLAYBOOK, searchPath);
            if (playbook == null) {
                return remember(null, new Probe(null, null, null, "ansible-playbook not found on PATH; install "
                        + "ansible-core (Debian: apt install ansible-core) or set ansiblePlaybook in " + CONFIG_FILE));
            }
        }
        Object key = key(playbook);
        if (cached != null && Objects.equals(key, cachedKey)) {
            return cached;
        }
        return remember(key, version(playbook));
    }

    private Probe remember(Object key, Probe probe) {
        if (cached == null || !Objects.equals(cached.problem(), probe.problem())) {
            if (probe.usable()) {
                LOG.info("Ansible: {}", probe.describe());
            } else {
                LOG.info("Ansible cannot be used: {}", probe.problem());
            }
        }
        cached = probe;
        cachedKey = key;
        return probe;
    }

    private Probe version(Path playbook) {
        List<String> command = List.of(playbook.toString(), "--version");
        String output;
        int exit;
        try {
            Path dir = workspace.prepareHome();
            AnsibleProcess.Outcome outcome = processes.run(command, workspace.environment(Map.of(), dir.resolve("tmp")),
                    dir, null, null, null, System.nanoTime() + PROBE_TIMEOUT.toNanos());
            output = outcome.tail();
            exit = outcome.exitCode();
            if (outcome.timedOut()) {
                return new Probe(playbook, null, null, playbook + " --version did not answer within "
                        + PROBE_TIMEOUT.toSeconds() + " s; check the Ansible installation");
            }
        } catch (IOException e) {
            return new Probe(playbook, null, null, "cannot run " + playbook + " --version: " + e.getMessage()
                    + "; install ansible-core (Debian: apt install ansible-core) or fix ansiblePlaybook in " + CONFIG_FILE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(playbook, null, null, "interrupted while asking " + playbook + " its version");
        }
        AnsibleVersion version = AnsibleVersion.parse(output);
        if (exit != 0 || version == null) {
            String first = output == null ? "" : output.strip().lines().findFirst().orElse("");
            return new Probe(playbook, null, null, playbook + " --version " + (exit != 0 ? "exited " + exit : "named no version")
                    + (first.isEmpty() ? "" : ": " + first) + "; Nubis supports " + AnsibleVersion.SUPPORTED);
        }
        if (!version.supported()) {
            return new Probe(playbook, null, version, "ansible-core " + version.number() + " is not supported (found '"
                    + version.line() + "' at " + playbook + "); Nubis supports " + AnsibleVersion.SUPPORTED);
        }
        Path adhoc = playbook.resolveSibling(ADHOC);
        if (!Files.isExecutable(adhoc)) {
            adhoc = onPath(ADHOC, searchPath);
        }
        return new Probe(playbook, adhoc, version, null);
    }

    /** What identifies one installed file: a different file or a new version has another key. */
    private static Object key(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file + "/" + a.lastModifiedTime() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return file.toString();
        }
    }

    /** The first executable {@code name} in the directories of PATH, or null. */
    static Path onPath(String name) {
        return onPath(name, System.getenv("PATH"));
    }

    static Path onPath(String name, String path) {
        if (path == null) {
            return null;
        }
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        for (String dir : dirs) {
            if (dir.isBlank()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir).resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath().normalize();
                }
            } catch (InvalidPathException ignored) {
                // not a directory name
            }
        }
        return null;
    }
}
