package org.nubis.api.event;

/**
 * Topics and properties of the events Nubis publishes on the OSGi EventAdmin: progress and state
 * changes that shells show and that REST and the console stream.
 */
public final class NubisEvents {

    /** A cluster phase began or ended: properties cluster, phase, state, message. */
    public static final String CLUSTER_PHASE = "org/nubis/cluster/PHASE";
    /** A node changed (created, ready, set up, failed, destroyed): cluster, node, kind, state, message, done, total. */
    public static final String CLUSTER_NODE = "org/nubis/cluster/NODE";
    /** A line of a setup tool's output (Ansible's), as it comes: cluster, message. */
    public static final String CLUSTER_OUTPUT = "org/nubis/cluster/OUTPUT";
    /** Every cluster topic. */
    public static final String CLUSTER_ALL = "org/nubis/cluster/*";

    /** An operation of the REST API made progress: operation (id), done, total. */
    public static final String OPERATION_PROGRESS = "org/nubis/operation/PROGRESS";
    /** An operation of the REST API ended: operation (id), state. */
    public static final String OPERATION_FINISHED = "org/nubis/operation/FINISHED";
    /** Every Nubis topic. */
    public static final String ALL = "org/nubis/*";

    public static final String CLUSTER = "cluster";
    public static final String OPERATION = "operation";
    public static final String PHASE = "phase";
    public static final String NODE = "node";
    public static final String KIND = "kind";
    public static final String STATE = "state";
    public static final String MESSAGE = "message";
    public static final String DONE = "done";
    public static final String TOTAL = "total";

    private NubisEvents() {
    }
}
