package org.nubis.localcloud.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Blocking copies between a process and an SSH channel, flushing every chunk (interactive programs need it). */
final class StreamCopy {

    private static final int BUFFER = 32 * 1024;

    private StreamCopy() {
    }

    /**
     * Copies until end of input. When the output fails (the client went away) the input is closed, so
     * that the writing process gets SIGPIPE as it would under OpenSSH, instead of blocking forever.
     *
     * @return false if the output failed
     */
    static boolean copy(InputStream in, OutputStream out) {
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n == 0) {
                    continue;
                }
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException e) {
                    closeQuietly(in);
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            // The input was closed under us (process killed, channel closed): the copy is over either way.
            return true;
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Nothing useful to do: the stream is going away anyway.
        }
    }
}
