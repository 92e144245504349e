package org.nubis.api.cloud;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * Refuses settings that the provider does not read: a misspelt name would otherwise be ignored
     * in silence (a misspelt credential name, say, and another source of credentials used instead).
     * {@code name}, {@code type} and the framework's own keys ({@code osgi.*}) are always allowed.
     *
     * @param known every setting the provider reads
     */
    public void refuseUnknown(Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (!known.contains(key) && !key.equals("name") && !key.equals("type") && !key.startsWith("osgi.")) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("cloud '" + name + "': unknown setting" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; a cloud of type " + type + " takes " + String.join(", ", new TreeSet<>(known)));
        }
    }

    @Override
    public String toString() {
        return "CloudSettings[name=" + name + ", type=" + type + ", keys=" + properties.keySet() + "]";
    }
}
