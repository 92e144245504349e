package org.nubis.ssh.internal;

import java.nio.file.Path;
import java.time.Duration;

/** {@link SshConfig} resolved to checked values, so the rest of the code never sees a raw setting. */
record SshSettings(int maxConnections, Duration connectTimeout, Duration sessionIdle, Path keyDir) {

    SshSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, is " + maxConnections);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeoutSeconds must be positive, is " + connectTimeout);
        }
        if (sessionIdle.isNegative()) {
            throw new IllegalArgumentException("sessionIdleSeconds must not be negative, is " + sessionIdle);
        }
    }

    static SshSettings from(SshConfig config) {
        return new SshSettings(config.maxConnections(), Duration.ofSeconds(config.connectTimeoutSeconds()),
                Duration.ofSeconds(config.sessionIdleSeconds()), keyDir(config.keyDir()));
    }

    /** Defaults with keys in {@code keyDir}. */
    static SshSettings defaults(Path keyDir) {
        return new SshSettings(64, Duration.ofSeconds(10), Duration.ofSeconds(300), keyDir);
    }

    static Path keyDir(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        String karafData = System.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "nubis", "ssh");
        }
        return Path.of(System.getProperty("user.home"), ".nubis", "ssh");
    }
}
