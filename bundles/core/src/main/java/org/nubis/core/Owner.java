package org.nubis.core;

import java.net.InetAddress;

/** The value of the {@code nubis:owner} tag: configured, or user@host of the Nubis process. */
public final class Owner {

    private Owner() {
    }

    public static String of(CoreConfig config) {
        if (!config.owner().isBlank()) {
            return config.owner().trim();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return System.getProperty("user.name", "nubis") + "@" + host;
    }
}
