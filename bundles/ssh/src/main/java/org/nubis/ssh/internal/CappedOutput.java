package org.nubis.ssh.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@code limit} bytes of a command's output and counts the rest, so that a
 * runaway command on many hosts cannot fill the heap.
 */
final class CappedOutput extends OutputStream {

    static final int DEFAULT_LIMIT = 1024 * 1024;

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;

    CappedOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < limit) {
            kept.write(b);
        }
        total++;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int room = limit - kept.size();
        if (room > 0) {
            kept.write(bytes, offset, Math.min(room, length));
        }
        total += length;
    }

    /** The kept output as UTF-8, followed by a note when some was dropped. */
    synchronized String text(String streamName) {
        String text = kept.toString(StandardCharsets.UTF_8);
        if (total <= limit) {
            return text;
        }
        return text + "\n[" + streamName + " truncated: kept the first " + limit + " of " + total + " bytes]\n";
    }
}
