package org.nubis.api.cluster;

import org.nubis.api.NubisException;

/** A cluster phase (start, setup, resize, stop) that failed; the cluster says what state it was left in. */
public class PhaseFailedException extends NubisException {
    private static final long serialVersionUID = 1L;
    private final transient Cluster cluster;

    public PhaseFailedException(String message, Cluster cluster) {
        super(message);
        this.cluster = cluster;
    }

    public Cluster cluster() {
        return cluster;
    }

    @Override
    public String code() {
        return "phase_failed";
    }
}
