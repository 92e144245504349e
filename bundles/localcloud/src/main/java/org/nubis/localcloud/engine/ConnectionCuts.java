package org.nubis.localcloud.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;

/**
 * The sshCutAfterMs fault: a channel's connection is closed abruptly (no exit status, no EOF) that
 * long after the channel opens, as a network that drops it would, mid-command or mid-transfer.
 */
final class ConnectionCuts implements ChannelListener, AutoCloseable {

    private final LongSupplier cutAfterMs;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(SandboxSshServer.daemonThreads("sandbox-ssh-cuts"));

    ConnectionCuts(LongSupplier cutAfterMs) {
        this.cutAfterMs = cutAfterMs;
    }

    @Override
    public void channelOpenSuccess(Channel channel) {
        long after = cutAfterMs.getAsLong();
        if (after > 0) {
            timer.schedule(() -> channel.getSession().close(true), after, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
