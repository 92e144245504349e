package org.nubis.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The local cloud's version, put into a resource at build time. */
public final class Version {

    private static final String VALUE = load();

    private Version() {
    }

    public static String value() {
        return VALUE;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
