package org.nubis.rest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nubis.api.ssh.TransferResult;

/** Where a fetch operation put each instance's file: its result says, by instance. */
final class FetchedFiles {

    private FetchedFiles() {
    }

    static Map<String, Path> of(OperationRecord op) {
        Map<String, Path> files = new HashMap<>();
        if (op.finished() && op.view().result() instanceof List<?> results) {
            for (Object r : results) {
                if (r instanceof Fetched f && f.error() == null) {
                    files.put(f.targetId(), op.files().resolve(f.file()));
                }
            }
        }
        return files;
    }

    /** A fetch result as clients see it: no server paths; the file is at operations/{id}/files/{targetId}. */
    public record Fetched(String targetId, String remotePath, long bytes, java.time.Duration duration, String error,
                          String file) {

        static Fetched of(TransferResult t, Path dir) {
            Path local = t.localPath() == null ? null : Path.of(t.localPath());
            return new Fetched(t.targetId(), t.remotePath(), t.bytes(), t.duration(), t.error(),
                    local == null ? null : dir.relativize(local).toString());
        }
    }
}
