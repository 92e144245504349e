package org.nubis.setup.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.nubis.setup.support.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the runs keep their files: {@code WORKDIR/CLUSTER/RUN/} (inventory, ansible.cfg, known_hosts,
 * extra vars, the log, the fact cache, Ansible's local temp files), {@code WORKDIR/home} (ANSIBLE_HOME)
 * and {@code WORKDIR/cp/} (SSH control sockets). Nothing goes to the home directory of the machine
 * Nubis runs on.
 */
final class Workspace {

    /** Run directories kept per cluster; older ones are deleted when a new run starts. */
    static final int KEPT_RUNS = 20;
    /** Unix socket paths are limited to 108 bytes; OpenSSH adds a 17-character suffix while it binds. */
    static final int SOCKET_PATH_LIMIT = 100;
    /** Length of the control socket's name Ansible makes ({@code %(directory)s/<10 hex chars>}). */
    private static final int SOCKET_NAME = 11;
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);
    /** Orders the runs started within one millisecond. */
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path root;

    Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code workDir} as configured, or {@code ${karaf.data}/nubis/ansible}, or outside Karaf {@code ~/.nubis/ansible}. */
    static Workspace of(String configured) {
        if (configured != null && !configured.isBlank()) {
            return new Workspace(Path.of(configured.trim()));
        }
        String data = System.getProperty("karaf.data");
        if (data != null && !data.isBlank()) {
            return new Workspace(Path.of(data, "nubis", "ansible"));
        }
        return new Workspace(Path.of(System.getProperty("user.home"), ".nubis", "ansible"));
    }

    Path root() {
        return root;
    }

    /** {@code WORKDIR/home}, Ansible's own home (ANSIBLE_HOME: collections, galaxy cache...). */
    Path prepareHome() throws IOException {
        Path home = root.resolve("home");
        PrivateFiles.createDirectory(home);
        PrivateFiles.createDirectory(home.resolve("tmp"));
        return home;
    }

    /** A new run directory {@code WORKDIR/CLUSTER/<prefix><time>-<random>/}, after pruning old ones. */
    Path newRun(String cluster, String prefix) throws IOException {
        Path dir = root.resolve(safeName(cluster));
        PrivateFiles.createDirectory(dir);
        prune(dir);
        String id = prefix + ZonedDateTime.now(ZoneOffset.UTC).format(RUN_TIME) + "-"
                + String.format("%04x", RUNS.getAndIncrement() & 0xffff);
        Path run = dir.resolve(id);
        PrivateFiles.createDirectory(run);
        PrivateFiles.createDirectory(run.resolve("tmp"));
        PrivateFiles.createDirectory(run.resolve("facts"));
        return run;
    }

    /**
     * A private directory for one run's SSH control sockets, short enough for a unix socket path:
     * {@code WORKDIR/cp/<run key>} when that fits, else a new directory in the system's temp
     * directory; null when neither fits (then no connection sharing).
     */
    Path controlDir(String key) throws IOException {
        Path dir = root.resolve("cp").resolve(key);
        if (dir.toString().length() + SOCKET_NAME + 17 <= SOCKET_PATH_LIMIT) {
            PrivateFiles.createDirectory(dir.getParent());
            PrivateFiles.createDirectory(dir);
            return dir;
        }
        Path temp = PrivateFiles.createTempDirectory(null, "nubis-cp-");
        if (temp.toString().length() + SOCKET_NAME + 17 <= SOCKET_PATH_LIMIT) {
            return temp;
        }
        Files.deleteIfExists(temp);
        return null;
    }

    /**
     * The environment of an Ansible process: this one's, without any ANSIBLE_* variable (the run's
     * ansible.cfg decides), plus ANSIBLE_HOME and ANSIBLE_LOCAL_TEMP in the work directory and
     * {@code extra}.
     */
    Map<String, String> environment(Map<String, String> extra, Path localTemp) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.startsWith("ANSIBLE_"));
        env.put("ANSIBLE_HOME", root.resolve("home").toString());
        env.put("ANSIBLE_LOCAL_TEMP", localTemp.toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_FORCE_COLOR", "0");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("LC_ALL", "C.UTF-8");
        env.putAll(extra);
        return env;
    }

    /** Deletes all but the newest {@link #KEPT_RUNS} - 1 run directories of a cluster. */
    private static void prune(Path clusterDir) {
        List<Path> runs;
        try (Stream<Path> list = Files.list(clusterDir)) {
            runs = list.filter(Files::isDirectory).sorted(Comparator.comparing((Path p) -> p.getFileName().toString()
                    .replaceFirst("^[a-z]+-", "")).reversed()).toList();
        } catch (IOException e) {
            LOG.debug("Cannot list {}: {}", clusterDir, e.toString());
            return;
        }
        runs.stream().skip(KEPT_RUNS - 1L).forEach(PrivateFiles::deleteTree);
    }

    /** A cluster name as a directory name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    static String safeName(String name) {
        String safe = name == null || name.isBlank() ? "_" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.startsWith(".") ? "_" + safe : safe;
    }
}
