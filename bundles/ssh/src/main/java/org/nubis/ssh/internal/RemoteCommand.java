package org.nubis.ssh.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshTarget;

/** Runs one command on one host over an exec channel of its pooled session. */
final class RemoteCommand {

    private final SessionPool pool;
    private final Duration openTimeout;
    private final int outputLimit;

    RemoteCommand(SessionPool pool, Duration openTimeout, int outputLimit) {
        this.pool = pool;
        this.openTimeout = openTimeout;
        this.outputLimit = outputLimit;
    }

    @SuppressWarnings("try") // the registration only needs closing
    CommandResult run(SshTarget target, String command, Duration timeout, InFlight inFlight)
            throws IOException, InterruptedException {
        CappedOutput stdout = new CappedOutput(outputLimit);
        CappedOutput stderr = new CappedOutput(outputLimit);
        AtomicReference<ChannelExec> current = new AtomicReference<>();
        try (InFlight.Registration abort = inFlight.add(() -> closeNow(current.get()));
             SessionPool.Lease<ChannelExec> lease = pool.open(target, inFlight,
                     session -> open(session, command, stdout, stderr, current))) {
            ChannelExec channel = lease.value();
            long started = System.nanoTime();
            // The command gets no input, like `ssh -n`: a command that reads stdin ends instead of hanging.
            channel.getInvertedIn().close();
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                    timeout == null ? 0L : timeout.toMillis());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (inFlight.abandoned()) {
                throw new InterruptedIOException("cancelled");
            }
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                closeNow(channel);
                return new CommandResult(target.id(), -1, stdout.text("stdout"), stderr.text("stderr"), took,
                        "command timed out after " + FailureText.duration(timeout));
            }
            Integer status = channel.getExitStatus();
            String error = null;
            if (status == null) {
                String signal = channel.getExitSignal();
                error = signal != null ? "command killed by signal " + signal
                        : "connection closed before the command finished";
            }
            return new CommandResult(target.id(), status == null ? -1 : status, stdout.text("stdout"),
                    stderr.text("stderr"), took, error);
        }
    }

    private ChannelExec open(ClientSession session, String command, CappedOutput stdout, CappedOutput stderr,
                             AtomicReference<ChannelExec> current) throws IOException {
        ChannelExec channel = session.createExecChannel(command);
        channel.setOut(stdout);
        channel.setErr(stderr);
        closeNow(current.getAndSet(channel));
        openOrClose(channel, openTimeout);
        return channel;
    }

    /** Opens a new channel and waits until the server has confirmed it; closes it if that fails. */
    static void openOrClose(ClientChannel channel, Duration openTimeout) throws IOException {
        try {
            OpenFuture opening = channel.open();
            if (!opening.await(openTimeout)) {
                throw new IOException("timed out opening a channel after " + FailureText.duration(openTimeout));
            }
            if (!opening.isOpened()) {
                Throwable failure = opening.getException();
                throw failure instanceof IOException ? (IOException) failure
                        : new IOException(failure == null ? "channel not opened" : FailureText.of(failure), failure);
            }
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw e;
        }
    }

    /**
     * Stops the remote command and closes the channel. Closing alone does not stop a command on an
     * OpenSSH server without a pty (it runs on until it writes), so the server is first sent an
     * RFC 4254 "signal" request for TERM. The close is graceful: an immediate one would drop the
     * channel on this side only.
     */
    private static void closeNow(ChannelExec channel) {
        if (channel != null) {
            if (channel.isOpen()) {
                try {
                    Buffer request = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
                    request.putUInt(channel.getRecipient());
                    request.putString("signal");
                    request.putBoolean(false); // no reply wanted
                    request.putString("TERM");
                    channel.writePacket(request);
                } catch (IOException | RuntimeException e) {
                    // The channel is going anyway; closing it below is all that is left to do.
                }
            }
            channel.close(false);
        }
    }
}
