package org.nubis.localcloud.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One instance at run time: its persisted record (guarded by this object's monitor), its files, its
 * processes, and the keys its SSH endpoint uses.
 */
final class Sandbox {

    private final InstanceFiles files;
    private final SandboxProcesses processes;
    private final InstanceRecord record;
    private volatile KeyPair hostKey;
    private volatile AuthorizedKeys authorizedKeys;
    private ScheduledFuture<?> boot;

    Sandbox(InstanceFiles files, InstanceRecord record) {
        this.files = files;
        this.record = record;
        this.processes = new SandboxProcesses(record.id, files.sandbox());
    }

    String id() {
        return record.id;
    }

    InstanceFiles files() {
        return files;
    }

    Path dir() {
        return files.sandbox();
    }

    SandboxProcesses processes() {
        return processes;
    }

    synchronized InstanceState state() {
        return record.state;
    }

    synchronized Fault fault() {
        return record.fault;
    }

    synchronized int sshPort() {
        return record.sshPort;
    }

    synchronized InstanceRecord snapshot() {
        return record.copy();
    }

    /** Changes the record and saves it before anyone else can see the change. */
    synchronized void change(Consumer<InstanceRecord> change) {
        change.accept(record);
        files.writeMeta(record);
        notifyAll();
    }

    /** Waits until the instance has left {@code state}, at most {@code max}. */
    synchronized void awaitLeaving(InstanceState state, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (record.state == state) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void moveTo(InstanceState state, String reason) {
        change(r -> {
            r.state = state;
            r.stateReason = reason;
            if (state == InstanceState.TERMINATED && r.terminatedAt == null) {
                r.terminatedAt = Instant.now().toString();
            }
        });
    }

    synchronized void setBoot(ScheduledFuture<?> boot) {
        this.boot = boot;
    }

    synchronized void cancelBoot() {
        if (boot != null) {
            boot.cancel(false);
            boot = null;
        }
    }

    synchronized Instant terminatedAt() {
        return record.terminatedAt == null ? null : Instant.parse(record.terminatedAt);
    }

    synchronized InstanceDescription describe() {
        return new InstanceDescription(
                record.id,
                record.image,
                record.flavor,
                record.state,
                record.stateReason,
                Map.copyOf(new TreeMap<>(record.tags)),
                record.sshPort,
                record.hostKey,
                files.sandbox(),
                Instant.parse(record.launchedAt),
                Map.copyOf(record.attributes));
    }

    KeyPair hostKey() {
        KeyPair key = hostKey;
        if (key == null) {
            try {
                key = HostKeyFile.load(files.hostKey());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hostKey = key;
        }
        return key;
    }

    void setHostKey(KeyPair key) {
        hostKey = key;
    }

    AuthorizedKeys authorizedKeys() {
        AuthorizedKeys keys = authorizedKeys;
        if (keys == null) {
            try {
                keys = AuthorizedKeys.read(files.authorizedKeys());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            authorizedKeys = keys;
        }
        return keys;
    }
}
