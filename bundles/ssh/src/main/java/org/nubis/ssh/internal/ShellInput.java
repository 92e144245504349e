package org.nubis.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.client.channel.ClientChannel;
import org.nubis.api.ssh.SshTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the user's keystrokes to a remote shell, each read sent at once, on a thread of its own.
 * The end of the user's input is passed on as EOF, as ssh does (a shell with a pty usually carries
 * on regardless). The user's stream is never closed. {@link #stop()} interrupts a read in
 * progress: streams that honour interrupts (piped streams, JLine's) then keep the next keystroke
 * for whoever reads after the shell; others give it to this thread, which drops it.
 */
final class ShellInput implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ShellInput.class);

    private final InputStream keys;
    private final ClientChannel channel;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile IOException failure;

    private ShellInput(SshTarget target, InputStream keys, ClientChannel channel) {
        this.keys = keys;
        this.channel = channel;
        this.thread = new Thread(this, "nubis-ssh-shell-input " + target.id());
        thread.setDaemon(true);
    }

    static ShellInput start(SshTarget target, InputStream keys, ClientChannel channel) {
        ShellInput input = new ShellInput(target, keys, channel);
        input.thread.start();
        return input;
    }

    @Override
    public void run() {
        OutputStream remote = channel.getInvertedIn();
        byte[] buffer = new byte[1024];
        int n;
        while (true) {
            try {
                n = keys.read(buffer);
            } catch (IOException | RuntimeException e) {
                if (!stopped) {
                    LOG.debug("Reading the terminal for {} failed; closing the shell", channel, e);
                    failure = e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
                    channel.close(false);
                }
                return;
            }
            if (stopped) {
                return;
            }
            try {
                if (n < 0) {
                    remote.close(); // sends EOF
                    return;
                }
                remote.write(buffer, 0, n);
                remote.flush();
            } catch (IOException e) {
                LOG.debug("Shell channel {} no longer takes input", channel, e);
                return;
            }
        }
    }

    /** Stops copying; the shell has ended. */
    void stop() {
        stopped = true;
        thread.interrupt();
    }

    /** Why reading the user's input failed, if it did while the shell ran. */
    IOException failure() {
        return failure;
    }
}
