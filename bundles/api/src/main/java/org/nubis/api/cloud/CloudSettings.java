package org.nubis.api.cloud;

import java.util.Map;
import org.nubis.api.InvalidRequestException;

/**
 * The configuration of one cloud (a ConfigAdmin factory configuration {@code org.nubis.cloud}).
 * {@link #toString()} leaves out the values, which may be secrets.
 */
public record CloudSettings(String name, String type, Map<String, String> properties) {
    public CloudSettings {
        properties = Map.copyOf(properties);
    }

    public String get(String key, String fallback) {
        String v = properties.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public int getInt(String key, int fallback) {
        String v = get(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("cloud '" + name + "': setting " + key + " must be a whole number, not '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return "CloudSettings[name=" + name + ", type=" + type + ", keys=" + properties.keySet() + "]";
    }
}
