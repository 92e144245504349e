package org.nubis.api.ssh;

import java.time.Duration;

/**
 * One file copied to or from one host.
 *
 * @param error why the transfer failed, or null
 */
public record TransferResult(String targetId, String localPath, String remotePath, long bytes,
                             Duration duration, String error) {

    public boolean succeeded() {
        return error == null;
    }
}
