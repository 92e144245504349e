package org.nubis.api.ssh;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The local end of an interactive session: a user's terminal (a Karaf console session, say) that
 * an {@link SshEngine#shell} connects to a remote pty.
 */
public interface SshTerminal {

    /** Keystrokes from the user. */
    InputStream input();

    /** Where the remote terminal's output goes. */
    OutputStream output();

    /** Terminal type for the remote pty, e.g. {@code xterm-256color}. */
    String type();

    int columns();

    int rows();

    /** Calls {@code listener} whenever the terminal's size changes, until the returned subscription is closed. */
    Subscription onResize(Runnable listener);

    /** Ends a subscription. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
