package org.nubis.localcloud.engine;

import java.util.Locale;

/** A failure injected into an instance, by chance (knobs) or on purpose (launch tag {@value #TAG}). */
public enum Fault {
    NONE, BOOT_FAILURE, NEVER_REACHABLE;

    /** The launch tag whose value names the fault for every instance of that launch. */
    public static final String TAG = "localcloud:fault";

    public String tagValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Fault fromTagValue(String value) {
        for (Fault fault : values()) {
            if (fault != NONE && fault.tagValue().equals(value)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "' for tag " + TAG
                + "; valid values are boot-failure, never-reachable");
    }
}
