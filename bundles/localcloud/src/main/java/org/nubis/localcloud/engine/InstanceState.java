package org.nubis.localcloud.engine;

import java.util.Locale;

/** The life cycle of an instance, with the names EC2 uses (shutting-down: on its way to terminated). */
public enum InstanceState {
    PENDING, RUNNING, STOPPING, STOPPED, SHUTTING_DOWN, TERMINATED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static InstanceState fromApiName(String name) {
        for (InstanceState state : values()) {
            if (state.apiName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown state '" + name
                + "'; states are pending, running, stopping, stopped, shutting-down, terminated");
    }

    /** Stopping or shutting down: the processes are being ended. */
    public boolean isGoingDown() {
        return this == STOPPING || this == SHUTTING_DOWN;
    }
}
