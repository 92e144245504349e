package org.nubis.localcloud.engine;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The local cloud's fixed settings, read once from {@code HOME/localcloud.properties} (optional).
 * The test knobs that may change at run time live in {@link Knobs}; their initial values come from here.
 */
public record CloudConfig(
        int maxLaunchCount,
        int maxInstances,
        List<String> images,
        List<String> flavors,
        Duration idleExit,
        Duration terminatedRetention,
        PortRange sshPorts,
        Duration shutdownGrace,
        Knobs.Values initialKnobs) {

    public static final String FILE_NAME = "localcloud.properties";

    public CloudConfig {
        if (maxLaunchCount < 1) {
            throw new IllegalArgumentException("maxLaunchCount must be at least 1");
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be at least 1");
        }
        if (images.isEmpty() || flavors.isEmpty()) {
            throw new IllegalArgumentException("images and flavors must each name at least one");
        }
        images = List.copyOf(images);
        flavors = List.copyOf(flavors);
    }

    public static CloudConfig defaults() {
        return from(new Properties());
    }

    /** Reads HOME/localcloud.properties if it exists, else the defaults. */
    public static CloudConfig load(Path home) throws IOException {
        try {
            return from(readProperties(home));
        } catch (IllegalArgumentException e) {
            throw new IOException(home.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /** The raw HOME/localcloud.properties (empty if there is none), for the faces' own settings. */
    public static Properties readProperties(Path home) throws IOException {
        Properties properties = new Properties();
        Path file = home.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        return properties;
    }

    public static CloudConfig from(Properties p) {
        return new CloudConfig(
                intValue(p, "maxLaunchCount", 1000),
                intValue(p, "maxInstances", 2000),
                listValue(p, "images", "sandbox"),
                listValue(p, "flavors", "small,medium,large"),
                // Fractions of a minute are accepted so that tests need not wait whole minutes.
                minutes(p, "idleExitMinutes", 30),
                minutes(p, "terminatedRetentionMinutes", 60),
                PortRange.parse(p.getProperty("sshPorts", "").trim()),
                seconds(p, "shutdownGraceSeconds", 5),
                new Knobs.Values(
                        longValue(p, "bootDelayMs", 0),
                        doubleValue(p, "failureRate", 0),
                        doubleValue(p, "neverReachableRate", 0),
                        doubleValue(p, "ec2ThrottleRate", 0),
                        longValue(p, "ec2CapacityFailAfter", -1),
                        longValue(p, "sshCutAfterMs", 0)));
    }

    public String defaultImage() {
        return images.get(0);
    }

    public String defaultFlavor() {
        return flavors.get(0);
    }

    private static int intValue(Properties p, String key, int fallback) {
        return (int) longValue(p, key, fallback);
    }

    private static long longValue(Properties p, String key, long fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
        }
    }

    private static double doubleValue(Properties p, String key, double fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
        }
    }

    private static Duration minutes(Properties p, String key, double fallback) {
        double minutes = doubleValue(p, key, fallback);
        if (minutes < 0) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }

    private static Duration seconds(Properties p, String key, double fallback) {
        double seconds = doubleValue(p, key, fallback);
        if (seconds < 0) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static List<String> listValue(Properties p, String key, String fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            value = fallback;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
