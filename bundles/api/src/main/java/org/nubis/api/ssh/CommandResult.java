package org.nubis.api.ssh;

import java.time.Duration;

/**
 * What one host did with one command.
 *
 * @param exitCode the command's exit status, or -1 when it did not run to the end
 * @param error    why the command could not run or finish (connection, auth, host key,
 *                 timeout, cancelled), or null when it ran; a non-zero exit is not an error
 */
public record CommandResult(String targetId, int exitCode, String stdout, String stderr,
                            Duration duration, String error) {

    /** Ran and exited 0. */
    public boolean succeeded() {
        return error == null && exitCode == 0;
    }
}
