package org.nubis.localcloud.engine;

import java.io.IOException;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * A session channel that reports a finished command as OpenSSH's sshd does: exit-status first, after all
 * stdout/stderr, then EOF, then CLOSE.
 *
 * <p>MINA's {@link ChannelSession#closeShell} sends EOF, then exit-status, from the command's own thread. A client
 * that has already sent its EOF treats our EOF as the end of the channel and answers CLOSE at once; an OpenSSH
 * ControlMaster is such a client, since it sends EOF as soon as the mux client's stdin ends (with {@code
 * < /dev/null}, before the exec is even confirmed). When that CLOSE is handled before the command's thread reaches
 * exit-status, the channel is already closing and MINA drops the exit-status ("Discarding output packet because
 * channel state=Graceful"): ssh exits 255 without a status (2-3 % of multiplexed runs, more with a pty). Sent
 * first, the status is with the client before anything it could answer with CLOSE.
 *
 * <p>A client that sends CLOSE while the command still runs still gets no status: MINA answers CLOSE after
 * {@code command-exit-timeout} (5 ms). OpenSSH's client only closes after the server's EOF.
 */
final class SandboxChannelSession extends ChannelSession {

    /** Replaces MINA's {@code ChannelSessionFactory} ("session" channels). */
    static final ChannelFactory FACTORY = new ChannelFactory() {
        @Override
        public String getName() {
            return "session";
        }

        @Override
        public Channel createChannel(Session session) {
            return new SandboxChannelSession();
        }
    };

    @Override
    protected void closeShell(int exitValue, boolean closeImmediately) throws IOException {
        if (isClosing()) {
            // Closed by the client or the server going away: nothing may be sent any more.
            commandExitFuture.setClosed();
            return;
        }
        // The command calls back once it has written everything; closing stdout sends what is still buffered.
        if (out != null) {
            out.close();
        }
        sendExitStatus(exitValue);
        sendEof();
        commandExitFuture.setClosed();
        close(closeImmediately);
    }
}
