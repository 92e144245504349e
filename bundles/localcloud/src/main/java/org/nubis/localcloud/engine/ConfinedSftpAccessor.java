package org.nubis.localcloud.engine;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/** Makes SFTP paths resolve inside the sandbox of the port the client connected to. */
final class ConfinedSftpAccessor implements SftpFileSystemAccessor {

    private final SandboxSshServer server;

    ConfinedSftpAccessor(SandboxSshServer server) {
        this.server = server;
    }

    @Override
    public Path resolveLocalFilePath(SftpSubsystemProxy subsystem, Path rootDir, String remotePath)
            throws IOException {
        Sandbox sandbox = server.requireSandbox(subsystem.getServerSession());
        return ConfinedPaths.resolve(sandbox.dir(), remotePath);
    }
}
