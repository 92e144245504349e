package org.nubis.localcloud.engine;

import java.util.Locale;

/** The life cycle of an instance, with the names EC2 uses. */
public enum InstanceState {
    PENDING, RUNNING, STOPPING, STOPPED, TERMINATED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceState fromApiName(String name) {
        for (InstanceState state : values()) {
            if (state.apiName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown state '" + name
                + "'; states are pending, running, stopping, stopped, terminated");
    }
}
