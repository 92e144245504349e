package org.nubis.localcloud.engine;

import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/**
 * Resolves a path given by an SFTP or SCP client against a sandbox. Relative paths and {@code ~} mean the
 * sandbox directory; absolute paths keep their real meaning (so that the shell and SFTP see the same
 * paths, which Ansible relies on) but must lie inside the sandbox. Symbolic links are not followed by
 * this check: a sandbox is not a security boundary.
 */
final class ConfinedPaths {

    private ConfinedPaths() {
    }

    static Path resolve(Path sandbox, String remotePath) throws AccessDeniedException {
        String path = remotePath == null ? "" : remotePath;
        Path resolved;
        if (path.isEmpty() || path.equals("~")) {
            resolved = sandbox;
        } else if (path.startsWith("~/")) {
            resolved = sandbox.resolve(path.substring(2));
        } else {
            Path given = sandbox.getFileSystem().getPath(path);
            resolved = given.isAbsolute() ? given : sandbox.resolve(given);
        }
        resolved = resolved.normalize();
        if (!resolved.startsWith(sandbox)) {
            throw new AccessDeniedException(path, null, "outside the sandbox " + sandbox);
        }
        return resolved;
    }
}
