package org.nubis.api.cloud;

import java.util.Locale;

/** Life cycle of a cloud instance: pending → running → stopping/stopped → terminated. */
public enum InstanceState {
    PENDING, RUNNING, STOPPING, STOPPED, TERMINATED;

    /** Lower-case name as clouds and JSON spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceState parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (v.equals("SHUTTING_DOWN")) {
            return STOPPING;
        }
        return valueOf(v);
    }

    public boolean isGone() {
        return this == TERMINATED;
    }
}
