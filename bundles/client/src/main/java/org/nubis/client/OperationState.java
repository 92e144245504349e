package org.nubis.client;

import java.util.Locale;

/** Where a long operation is: it runs, then ends in one of three states for good. */
public enum OperationState {
    RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** The lower-case name the API uses. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != RUNNING;
    }
}
