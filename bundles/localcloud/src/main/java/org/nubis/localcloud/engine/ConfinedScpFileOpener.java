package org.nubis.localcloud.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.scp.common.helpers.DefaultScpFileOpener;

/** Makes legacy SCP paths resolve inside the sandbox of the port the client connected to. */
final class ConfinedScpFileOpener extends DefaultScpFileOpener {

    private final SandboxSshServer server;

    ConfinedScpFileOpener(SandboxSshServer server) {
        this.server = server;
    }

    @Override
    public Path resolveLocalPath(Session session, FileSystem fileSystem, String commandPath) throws IOException {
        return ConfinedPaths.resolve(server.requireSandbox(session).dir(), commandPath);
    }

    @Override
    public InputStream openRead(Session session, Path file, long size, Set<PosixFilePermission> permissions,
            OpenOption... options) throws IOException {
        return super.openRead(session, checkInside(session, file), size, permissions, options);
    }

    @Override
    public OutputStream openWrite(Session session, Path file, long size, Set<PosixFilePermission> permissions,
            OpenOption... options) throws IOException {
        return super.openWrite(session, checkInside(session, file), size, permissions, options);
    }

    private Path checkInside(Session session, Path file) throws IOException {
        Path sandbox = server.requireSandbox(session).dir();
        Path normalized = file.toAbsolutePath().normalize();
        if (!normalized.startsWith(sandbox)) {
            throw new AccessDeniedException(file.toString(), null, "outside the sandbox " + sandbox);
        }
        return normalized;
    }
}
