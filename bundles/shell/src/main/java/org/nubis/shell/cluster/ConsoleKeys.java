package org.nubis.shell.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jline.utils.NonBlockingReader;

/**
 * Keystrokes of a Karaf console, read through the console's own JLine reader. Reading the raw input
 * stream instead races with that reader, which keeps a read pending: every other key would be lost
 * (Karaf's own ssh:ssh shows this over bin/client).
 */
final class ConsoleKeys extends InputStream {

    private final NonBlockingReader reader;
    private byte[] pending = new byte[0];
    private int next;

    ConsoleKeys(NonBlockingReader reader) {
        this.reader = reader;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (next >= pending.length) {
            int c = reader.read();
            if (c < 0) {
                return -1;
            }
            StringBuilder chars = new StringBuilder().append((char) c);
            if (Character.isHighSurrogate((char) c)) {
                int low = reader.read();
                if (low >= 0) {
                    chars.append((char) low);
                }
            }
            // Whatever else has arrived goes along in the same write.
            while (chars.length() < 256 && reader.peek(1) >= 0) {
                chars.append((char) reader.read());
            }
            pending = chars.toString().getBytes(StandardCharsets.UTF_8);
            next = 0;
        }
        int n = Math.min(length, pending.length - next);
        System.arraycopy(pending, next, buffer, offset, n);
        next += n;
        return n;
    }
}
