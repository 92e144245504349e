package org.nubis.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.TransferResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one file to or from one host over SFTP with OpenSSH's {@code sftp put/get} semantics:
 * a remote directory as destination receives the file under its own name, missing remote
 * directories are not created, and the file mode travels with the file.
 */
final class SftpTransfer {

    private static final Logger LOG = LoggerFactory.getLogger(SftpTransfer.class);
    private static final PosixFilePermission[] MODE_BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private final SessionPool pool;

    SftpTransfer(SessionPool pool) {
        this.pool = pool;
    }

    @SuppressWarnings("try") // the registration only needs closing
    TransferResult put(SshTarget target, Path localFile, String remotePath, InFlight inFlight)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        AtomicReference<SftpClient> current = new AtomicReference<>();
        try (InFlight.Registration abort = inFlight.add(() -> closeNow(current.get()));
             SessionPool.Lease<SftpClient> lease = pool.open(target, inFlight, session -> opened(session, current))) {
            SftpClient sftp = lease.value();
            String path = destination(sftp, remotePath, localFile.getFileName().toString());
            long bytes;
            try (InputStream in = Files.newInputStream(localFile); OutputStream out = sftp.write(path)) {
                bytes = in.transferTo(out);
            } catch (SftpException e) {
                throw new HostFailure(explain(e, path, true), e);
            }
            Integer mode = localMode(localFile);
            if (mode != null) {
                try {
                    sftp.setStat(path, new SftpClient.Attributes().perms(mode));
                } catch (SftpException e) {
                    LOG.debug("Could not set mode of {} on {}: {}", path, target, e.getMessage());
                }
            }
            return new TransferResult(target.id(), localFile.toString(), path, bytes, since(started), null);
        }
    }

    @SuppressWarnings("try") // the registration only needs closing
    TransferResult get(SshTarget target, String remotePath, Path localFile, InFlight inFlight)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        AtomicReference<SftpClient> current = new AtomicReference<>();
        try (InFlight.Registration abort = inFlight.add(() -> closeNow(current.get()));
             SessionPool.Lease<SftpClient> lease = pool.open(target, inFlight, session -> opened(session, current))) {
            SftpClient sftp = lease.value();
            Path local = localFile.toAbsolutePath();
            Files.createDirectories(local.getParent());
            Path partial = Files.createTempFile(local.getParent(), "." + local.getFileName() + ".", ".part");
            try {
                SftpClient.Attributes attributes = sftp.stat(remotePath);
                if (attributes.isDirectory()) {
                    throw new HostFailure("remote path is a directory: " + remotePath);
                }
                long bytes;
                try (InputStream in = sftp.read(remotePath);
                     OutputStream out = Files.newOutputStream(partial)) {
                    bytes = in.transferTo(out);
                }
                setLocalMode(partial, attributes);
                Files.move(partial, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new TransferResult(target.id(), localFile.toString(), remotePath, bytes, since(started), null);
            } catch (SftpException e) {
                throw new HostFailure(explain(e, remotePath, false), e);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static SftpClient opened(ClientSession session,
                                     AtomicReference<SftpClient> current) throws IOException {
        SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
        closeQuietly(current.getAndSet(sftp));
        return sftp;
    }

    private static String destination(SftpClient sftp, String remotePath, String fileName) throws IOException {
        if (remotePath.endsWith("/")) {
            return remotePath + fileName;
        }
        try {
            if (sftp.stat(remotePath).isDirectory()) {
                return remotePath + "/" + fileName;
            }
        } catch (SftpException e) {
            if (!missing(e)) {
                throw new HostFailure(explain(e, remotePath, true), e);
            }
        }
        return remotePath;
    }

    private static String explain(SftpException e, String path, boolean writing) {
        if (missing(e)) {
            if (writing) {
                int slash = path.lastIndexOf('/');
                String dir = slash > 0 ? path.substring(0, slash) : slash == 0 ? "/" : ".";
                return "remote directory " + dir + " does not exist (put does not create directories)";
            }
            return "remote file " + path + " does not exist";
        }
        switch (e.getStatus()) {
            case SftpConstants.SSH_FX_PERMISSION_DENIED:
                return "permission denied: " + path;
            case SftpConstants.SSH_FX_FILE_IS_A_DIRECTORY:
                return "remote path is a directory: " + path;
            default:
                return "SFTP error on " + path + ": " + e.getMessage();
        }
    }

    private static boolean missing(SftpException e) {
        return e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH;
    }

    private static Integer localMode(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            int mode = 0;
            for (int bit = 0; bit < MODE_BITS.length; bit++) {
                if (permissions.contains(MODE_BITS[bit])) {
                    mode |= 1 << bit;
                }
            }
            return mode;
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    private static void setLocalMode(Path file, SftpClient.Attributes attributes) {
        if (!attributes.getFlags().contains(SftpClient.Attribute.Perms)) {
            return;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if ((attributes.getPermissions() & (1 << bit)) != 0) {
                permissions.add(MODE_BITS[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Could not set mode of {}: {}", file, e.getMessage());
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** A graceful close, so that the server stops its side too (see RemoteCommand#closeNow). */
    private static void closeNow(SftpClient sftp) {
        if (sftp != null) {
            sftp.getClientChannel().close(false);
        }
    }

    private static void closeQuietly(SftpClient sftp) {
        if (sftp != null) {
            try {
                sftp.close();
            } catch (IOException e) {
                LOG.debug("Closing SFTP client failed", e);
            }
        }
    }
}
