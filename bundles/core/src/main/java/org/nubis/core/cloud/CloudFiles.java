package org.nubis.core.cloud;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files in {@code etc/} that define clouds ({@code org.nubis.cloud-NAME.cfg}): they may hold
 * sealed credentials, so they are owner-only, as the secrets directory is. Karaf writes them with
 * the process's umask (world-readable by default).
 */
final class CloudFiles {

    private static final Logger LOG = LoggerFactory.getLogger(CloudFiles.class);
    private static final String PREFIX = "org.nubis.cloud-";

    private final Path etc;

    CloudFiles(Path etc) {
        this.etc = etc;
    }

    /** From {@code karaf.etc}; null outside Karaf. */
    static CloudFiles ofKaraf() {
        String etc = System.getProperty("karaf.etc");
        return etc == null ? null : new CloudFiles(Path.of(etc));
    }

    /** Every cloud file there is now. */
    void restrictAll() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(etc, PREFIX + "*.cfg")) {
            files.forEach(CloudFiles::ownerOnly);
        } catch (IOException e) {
            LOG.warn("could not list {} to make the cloud files owner-only: {}", etc, e.getMessage());
        }
    }

    /** The file of this cloud, waiting a little for it: Karaf may write it just after the configuration changed. */
    void restrict(String cloud) {
        Path file = etc.resolve(PREFIX + cloud + ".cfg");
        for (int i = 0; i < 150 && !Files.exists(file); i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ownerOnly(file);
    }

    static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to narrow
        } catch (IOException e) {
            LOG.warn("could not make {} owner-only: {}", file, e.getMessage());
        }
    }
}
