package org.nubis.ssh.internal;

import java.io.IOException;
import java.util.Map;
import org.apache.sshd.client.channel.PtyCapableChannelSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.channel.PtyMode;
import org.nubis.api.ssh.SshTerminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size of a remote pty: what the pty request asked for, then a "window-change" request
 * whenever the user's terminal reports a new size. The terminal offers no way to stop listening,
 * so after {@link #detach()} a resize does nothing.
 */
final class ShellWindow {

    static final int DEFAULT_COLUMNS = 80;
    static final int DEFAULT_ROWS = 24;

    private static final Logger LOG = LoggerFactory.getLogger(ShellWindow.class);
    /** Rounds of re-reading a size that keeps changing while it is being sent. */
    private static final int MAX_ROUNDS = 8;

    private final SshTerminal terminal;
    // Guarded by this. The terminal is never called while holding the lock: its resize callback
    // may come from a thread that holds a lock of the terminal's own.
    private PtyCapableChannelSession channel;
    private int columns;
    private int rows;

    ShellWindow(SshTerminal terminal) {
        this.terminal = terminal;
    }

    /** The pty request's settings, with the terminal's current size (pixel sizes unknown: 0). */
    PtyChannelConfiguration pty(String type, Map<PtyMode, Integer> modes) {
        int c = columns(terminal);
        int r = rows(terminal);
        synchronized (this) {
            columns = c;
            rows = r;
        }
        PtyChannelConfiguration pty = new PtyChannelConfiguration();
        pty.setPtyType(type);
        pty.setPtyColumns(c);
        pty.setPtyLines(r);
        pty.setPtyWidth(0);
        pty.setPtyHeight(0);
        pty.setPtyModes(modes);
        return pty;
    }

    /** From now on resizes go to {@code opened}; one that happened while it was opening is sent now. */
    void attach(PtyCapableChannelSession opened) {
        synchronized (this) {
            channel = opened;
        }
        resized();
    }

    void detach() {
        synchronized (this) {
            channel = null;
        }
    }

    /**
     * Sends the terminal's size if it is not what the remote pty has. The size is read again after
     * sending, so that a stale size sent by a slow caller is corrected by the same caller.
     */
    void resized() {
        try {
            for (int round = 0; round < MAX_ROUNDS && sendIfChanged(columns(terminal), rows(terminal)); round++) {
                // read the size again: it may have changed while a slower caller sent an older one
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not forward a terminal resize", e);
        }
    }

    /** True if {@code c} x {@code r} was sent now. */
    private synchronized boolean sendIfChanged(int c, int r) {
        if (channel == null || !channel.isOpen() || (c == columns && r == rows)) {
            return false;
        }
        try {
            channel.sendWindowChange(c, r, 0, 0);
        } catch (IOException e) {
            LOG.debug("Could not send the new terminal size to {}", channel, e);
            return false;
        }
        columns = c;
        rows = r;
        return true;
    }

    private static int columns(SshTerminal terminal) {
        int c = terminal.columns();
        return c > 0 ? c : DEFAULT_COLUMNS;
    }

    private static int rows(SshTerminal terminal) {
        int r = terminal.rows();
        return r > 0 ? r : DEFAULT_ROWS;
    }
}
