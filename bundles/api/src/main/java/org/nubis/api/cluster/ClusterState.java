package org.nubis.api.cluster;

import java.util.Locale;

/**
 * Where a cluster is in its life. The -ING states are phases under way: only one phase runs on a
 * cluster at a time, and a phase that a crash interrupted is finished or rolled back by reconcile.
 */
public enum ClusterState {
    /** Defined, no nodes. */
    CREATED,
    STARTING,
    /** Nodes up and reachable. */
    RUNNING,
    SETTING_UP,
    RESIZING,
    STOPPING,
    /** No nodes; can be started again. */
    STOPPED,
    /** A phase failed; the reason says which, the nodes say why. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isPhase() {
        return this == STARTING || this == SETTING_UP || this == RESIZING || this == STOPPING;
    }

    public static ClusterState parse(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
