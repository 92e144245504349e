package org.nubis.setup.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files and directories only their owner can read (0600, 0700): a setup's files hold its vars, which
 * may be secrets. On a file system without POSIX modes they get the platform's default.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);

    private PrivateFiles() {
    }

    /** Creates the directory (and its parents) if needed, and makes it owner-only. */
    public static Path createDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        setMode(dir, DIR);
        return dir;
    }

    /** A new owner-only directory in {@code parent} (null: the system's temp directory). */
    public static Path createTempDirectory(Path parent, String prefix) throws IOException {
        Path in = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return Files.createTempDirectory(in, prefix, PosixFilePermissions.asFileAttribute(DIR));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempDirectory(in, prefix);
        }
    }

    /** Writes the file, created owner-only (so it never is readable by others, not even while it is written). */
    public static void write(Path file, String text) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file, new FileAttribute<?>[0]);
            }
        }
        setMode(file, FILE);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Deletes the directory and all it holds, as far as it can; what cannot be deleted is logged (debug). */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", dir, e.toString());
        }
    }

    private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException notPosix) {
            // the platform's default mode
        }
    }
}
