package org.nubis.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.MapEntryUtils.EnumMapBuilder;
import org.apache.sshd.core.CoreModuleProperties;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.SshTerminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interactive login shell with a pty on one host, over a shell channel of its pooled session,
 * wired to the user's terminal until the remote shell ends (as Karaf's {@code ssh:ssh} does).
 * The calling thread copies the remote output to the terminal; a thread of its own copies the
 * keystrokes ({@link ShellInput}); {@link ShellWindow} forwards size changes.
 * <p>
 * The output is read from the channel's own flow-controlled pipe rather than written into the
 * terminal by MINA's I/O threads, so a stalled terminal holds up this channel only, never the
 * client's other sessions, and a broken terminal cannot take the pooled session down with it.
 */
final class RemoteShell {

    /**
     * A sane UTF-8 terminal ({@code stty sane} on Linux), roughly what OpenSSH sends from one. The
     * user's own modes are not known here; MINA's {@code setupSensibleDefaultPty} would read those of
     * the JVM's controlling tty, which is not the user's.
     */
    static final Map<PtyMode, Integer> PTY_MODES = EnumMapBuilder.<PtyMode, Integer> builder(PtyMode.class)
            .put(PtyMode.VINTR, 3).put(PtyMode.VQUIT, 28).put(PtyMode.VERASE, 127).put(PtyMode.VKILL, 21)
            .put(PtyMode.VEOF, 4).put(PtyMode.VSTART, 17).put(PtyMode.VSTOP, 19).put(PtyMode.VSUSP, 26)
            .put(PtyMode.VREPRINT, 18).put(PtyMode.VWERASE, 23).put(PtyMode.VLNEXT, 22).put(PtyMode.VDISCARD, 15)
            .put(PtyMode.ICRNL, 1).put(PtyMode.IXON, 1).put(PtyMode.IMAXBEL, 1).put(PtyMode.IUTF8, 1)
            .put(PtyMode.ISIG, 1).put(PtyMode.ICANON, 1).put(PtyMode.IEXTEN, 1)
            .put(PtyMode.ECHO, 1).put(PtyMode.ECHOE, 1).put(PtyMode.ECHOK, 1).put(PtyMode.ECHOCTL, 1)
            .put(PtyMode.ECHOKE, 1).put(PtyMode.ECHONL, 0).put(PtyMode.NOFLSH, 0).put(PtyMode.TOSTOP, 0)
            .put(PtyMode.OPOST, 1).put(PtyMode.ONLCR, 1).put(PtyMode.CS8, 1)
            .put(PtyMode.TTY_OP_ISPEED, 38400).put(PtyMode.TTY_OP_OSPEED, 38400)
            .immutable();

    /** For a terminal that does not say what it is. */
    static final String DEFAULT_TYPE = "vt100";

    private static final Logger LOG = LoggerFactory.getLogger(RemoteShell.class);

    private final SessionPool pool;
    private final Duration openTimeout;

    RemoteShell(SessionPool pool, Duration openTimeout) {
        this.pool = pool;
        this.openTimeout = openTimeout;
    }

    /**
     * Runs the shell until the host closes the channel (the shell exited, or the connection dropped)
     * and returns its exit status, or -1 when it sent none. The end of the user's input is passed on
     * as EOF but does not end the call by itself: a shell on a pty usually carries on, as with ssh.
     * An interrupt closes the channel, which has the host hang up the shell, and throws.
     */
    int run(SshTarget target, SshTerminal terminal) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        ShellWindow window = new ShellWindow(terminal);
        // Before the channel opens, so that no resize is missed; it does nothing once detached.
        try (SshTerminal.Subscription resizes = terminal.onResize(window::resized);
             SessionPool.Lease<ShellChannel> lease = connect(target, terminal, window)) {
            return attend(target, lease.value(), terminal, window);
        } finally {
            window.detach();
        }
    }

    private SessionPool.Lease<ShellChannel> connect(SshTarget target, SshTerminal terminal, ShellWindow window)
            throws IOException, InterruptedException {
        String type = terminal.type() == null || terminal.type().isBlank() ? DEFAULT_TYPE : terminal.type().trim();
        try {
            return pool.open(target, new InFlight(), session -> open(session, window.pty(type, PTY_MODES)));
        } catch (HostFailure e) {
            throw e;
        } catch (IOException e) {
            if (isInterrupt(e)) {
                throw interrupted(e);
            }
            throw new HostFailure(FailureText.of(e), e);
        }
    }

    private ShellChannel open(ClientSession session, PtyChannelConfiguration pty) throws IOException {
        ShellChannel channel = new ShellChannel(pty);
        session.getService(ConnectionService.class).registerChannel(channel);
        // stdout and stderr into one pipe, in the order they came: both go to the one terminal.
        channel.setRedirectErrorStream(true);
        // Without a reply, a host that refuses the shell would leave the channel open and silent.
        CoreModuleProperties.REQUEST_SHELL_REPLY.set(channel, true);
        RemoteCommand.openOrClose(channel, openTimeout);
        return channel;
    }

    private static int attend(SshTarget target, ShellChannel channel, SshTerminal terminal, ShellWindow window)
            throws IOException, InterruptedException {
        ShellInput input = null;
        try {
            window.attach(channel);
            input = ShellInput.start(target, terminal.input(), channel);
            copyOutput(channel, terminal.output());
        } catch (InterruptedException e) {
            throw e;
        } catch (IOException e) {
            if (isInterrupt(e)) {
                throw interrupted(e);
            }
            throw e;
        } finally {
            if (input != null) {
                input.stop();
            }
            // Normally closed by the host already. Otherwise (interrupted, failed) a graceful close,
            // which has the server close the pty and so hang up the shell; an immediate close would
            // drop the channel on this side only.
            channel.close(false);
        }
        if (channel.refused) {
            throw new HostFailure("the host refused to start a shell");
        }
        if (input.failure() != null) {
            throw new IOException("terminal input failed: " + FailureText.of(input.failure()), input.failure());
        }
        Integer status = channel.getExitStatus();
        if (status == null) {
            LOG.debug("Shell on {} ended without an exit status (signal {})", target, channel.getExitSignal());
            return -1;
        }
        return status;
    }

    /** Until the channel closes; everything the host sent before closing is copied first. */
    private static void copyOutput(ChannelShell channel, OutputStream terminal) throws IOException, InterruptedException {
        InputStream remote = channel.getInvertedOut();
        byte[] buffer = new byte[8192];
        while (true) {
            int n;
            try {
                n = remote.read(buffer);
            } catch (IOException e) {
                throw isInterrupt(e) ? e : new HostFailure(FailureText.of(e), e);
            }
            if (n < 0) {
                return;
            }
            try {
                terminal.write(buffer, 0, n);
                terminal.flush();
            } catch (IOException e) {
                throw isInterrupt(e) ? e : new IOException("terminal output failed: " + FailureText.of(e), e);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** MINA's waits and Java's pipes report an interrupt this way; a socket timeout is a subclass. */
    private static boolean isInterrupt(IOException e) {
        return e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException);
    }

    private static InterruptedException interrupted(Exception cause) {
        if (cause instanceof InterruptedException) {
            return (InterruptedException) cause;
        }
        InterruptedException interrupted = new InterruptedException("interrupted");
        interrupted.initCause(cause);
        return interrupted;
    }

    /** A shell channel that remembers whether the host refused the shell request. */
    static final class ShellChannel extends ChannelShell {
        volatile boolean refused;

        ShellChannel(PtyChannelConfiguration pty) {
            super(pty, Map.of());
        }

        /** The only request sent wanting a reply is the shell request. */
        @Override
        public void handleFailure() throws IOException {
            if (removePendingRequest(Channel.CHANNEL_SHELL) != null) {
                refused = true;
                close(false);
            }
        }
    }
}
