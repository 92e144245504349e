package org.nubis.ssh.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.nubis.api.ssh.SshTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticated sessions kept open between calls, one per (target id, host, port, user): a new
 * channel on an open session costs a round trip, a new session a key exchange. Sessions unused
 * for {@code sessionIdle} are closed.
 */
final class SessionPool implements AutoCloseable {

    /** Opens something (a channel, an SFTP client) on a session. */
    interface Opener<C extends Closeable> {
        C open(ClientSession session) throws IOException;
    }

    private record Key(String id, String host, int port, String user) {
        static Key of(SshTarget target) {
            return new Key(target.id(), target.host(), target.port(), target.user());
        }
    }

    private record Use(ClientSession session, boolean reused) {
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicInteger leases = new AtomicInteger();
        volatile ClientSession session;
        volatile long lastUsed = System.nanoTime();
        volatile boolean forgotten;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);

    private final SshClient client;
    private final Duration connectTimeout;
    private final long idleNanos;
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    SessionPool(SshClient client, Duration connectTimeout, Duration sessionIdle) {
        this.client = client;
        this.connectTimeout = connectTimeout;
        this.idleNanos = sessionIdle.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "nubis-ssh-idle-sessions");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, Math.min(30, sessionIdle.toSeconds() / 4));
        sweeper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.SECONDS);
    }

    /**
     * Opens something on the target's pooled session, connecting when there is none. A pooled
     * session that fails to open it (the host rebooted, the network dropped it) is replaced once.
     */
    <C extends Closeable> Lease<C> open(SshTarget target, InFlight inFlight, Opener<C> opener)
            throws IOException, InterruptedException {
        Slot slot = slots.computeIfAbsent(Key.of(target), k -> new Slot());
        slot.leases.incrementAndGet();
        try {
            Use use = session(slot, target, inFlight, null);
            C opened;
            try {
                opened = opener.open(use.session());
            } catch (IOException e) {
                if (!use.reused() || inFlight.abandoned() || e instanceof InterruptedIOException
                        || e instanceof HostFailure) {
                    throw e;
                }
                LOG.debug("Pooled session to {} failed ({}); connecting again", target, e.toString());
                opened = opener.open(session(slot, target, inFlight, use.session()).session());
            }
            return new Lease<>(opened, slot);
        } catch (IOException | InterruptedException | RuntimeException e) {
            release(slot);
            throw e;
        }
    }

    /** Closes the pooled sessions of a target id, e.g. because the instance is gone. */
    void forget(String targetId) {
        slots.entrySet().removeIf(entry -> {
            if (!entry.getKey().id().equals(targetId)) {
                return false;
            }
            Slot slot = entry.getValue();
            slot.forgotten = true;
            closeSession(slot);
            return true;
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        slots.values().forEach(slot -> {
            slot.forgotten = true;
            closeSession(slot);
        });
        slots.clear();
    }

    private Use session(Slot slot, SshTarget target, InFlight inFlight, ClientSession broken)
            throws IOException, InterruptedException {
        slot.lock.lockInterruptibly();
        try {
            ClientSession current = slot.session;
            if (current != null && current != broken && usable(current)) {
                return new Use(current, true);
            }
            if (current != null) {
                current.close(true);
                slot.session = null;
            }
            ClientSession fresh = connect(target, inFlight);
            slot.session = fresh;
            return new Use(fresh, false);
        } finally {
            slot.lock.unlock();
        }
    }

    private static boolean usable(ClientSession session) {
        return session.isOpen() && !session.isClosing() && session.isAuthenticated();
    }

    @SuppressWarnings("try") // the registration only needs closing
    private ClientSession connect(SshTarget target, InFlight inFlight) throws IOException {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        AtomicReference<String> refusal = new AtomicReference<>();
        ConnectFuture connecting = client.connect(target.user(), target.host(), target.port(),
                AttributeRepository.ofAttributesMap(Map.of(TrustOnFirstUse.TARGET, target, TrustOnFirstUse.REFUSAL, refusal)),
                null);
        try (InFlight.Registration abort = inFlight.add(() -> abort(connecting))) {
            boolean connected;
            try {
                connected = connecting.await(remainingMillis(deadline));
            } catch (InterruptedIOException e) {
                // The connecting thread itself was interrupted (an interactive shell's caller).
                abort(connecting);
                throw e;
            }
            if (!connected) {
                abort(connecting);
                throw timedOut();
            }
            if (!connecting.isConnected()) {
                Throwable failure = connecting.getException();
                if (failure == null) {
                    throw new InterruptedIOException("cancelled");
                }
                throw refusedOr(refusal, new HostFailure(FailureText.of(failure), failure));
            }
            ClientSession session = connecting.getSession();
            try {
                AuthFuture auth = session.auth();
                if (!auth.await(remainingMillis(deadline))) {
                    throw timedOut();
                }
                if (!auth.isSuccess()) {
                    throw authFailure(target, auth.getException());
                }
                return session;
            } catch (IOException | RuntimeException e) {
                session.close(true);
                if (refusal.get() != null) {
                    throw new HostFailure(refusal.get(), e);
                }
                if (inFlight.abandoned()) {
                    throw new InterruptedIOException("cancelled");
                }
                throw e;
            }
        }
    }

    /** The host key refusal, when that is what failed, rather than MINA's generic message. */
    private static HostFailure refusedOr(AtomicReference<String> refusal, HostFailure otherwise) {
        String why = refusal.get();
        return why == null ? otherwise : new HostFailure(why, otherwise.getCause());
    }

    private static HostFailure authFailure(SshTarget target, Throwable failure) {
        boolean noMethodLeft = failure instanceof SshException
                && ((SshException) failure).getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE;
        if (failure == null || noMethodLeft) {
            return new HostFailure("authentication failed for user " + target.user() + " with the Nubis key");
        }
        return new HostFailure(FailureText.of(failure), failure);
    }

    private HostFailure timedOut() {
        return new HostFailure("timed out connecting after " + FailureText.duration(connectTimeout));
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /**
     * Gives up on a connection attempt: whatever session it makes is closed at once. Not
     * {@code ConnectFuture.cancel()}: MINA 2.17's NIO2 connector then leaves a socket that connected
     * in the meantime open for good. The attempt itself ends within {@code IO_CONNECT_TIMEOUT}.
     */
    private static void abort(ConnectFuture connecting) {
        connecting.addListener(done -> {
            if (done.isConnected()) {
                done.getSession().close(true);
            }
        });
    }

    private void release(Slot slot) {
        slot.lastUsed = System.nanoTime();
        if (slot.leases.decrementAndGet() == 0 && (slot.forgotten || idleNanos == 0)) {
            closeIfUnused(slot);
        }
    }

    private void closeIdle() {
        long now = System.nanoTime();
        for (Slot slot : slots.values()) {
            if (slot.session != null && slot.leases.get() == 0 && now - slot.lastUsed >= idleNanos) {
                closeIfUnused(slot);
            }
        }
    }

    /** Under the slot's lock, so that nobody is handed the session while it is being closed. */
    private static void closeIfUnused(Slot slot) {
        if (!slot.lock.tryLock()) {
            return;
        }
        try {
            if (slot.leases.get() == 0) {
                closeSession(slot);
            }
        } finally {
            slot.lock.unlock();
        }
    }

    private static void closeSession(Slot slot) {
        ClientSession session = slot.session;
        slot.session = null;
        if (session != null) {
            session.close(false);
        }
    }

    /** Something opened on a pooled session; closing it gives the session back. */
    final class Lease<C extends Closeable> implements AutoCloseable {
        private final C value;
        private final Slot slot;

        private Lease(C value, Slot slot) {
            this.value = value;
            this.slot = slot;
        }

        C value() {
            return value;
        }

        @Override
        public void close() {
            try {
                value.close();
            } catch (IOException e) {
                LOG.debug("Closing {} failed", value, e);
            } finally {
                release(slot);
            }
        }
    }
}
