package org.nubis.api.cloud;

/**
 * Keys of the tags Nubis puts on every cloud resource it creates, so that each can be found
 * and accounted for from the cloud side too.
 */
public final class NubisTags {
    /** Which Nubis installation created the resource. */
    public static final String OWNER = "nubis:owner";
    /** The experiment the instance belongs to. */
    public static final String EXPERIMENT = "nubis:experiment";
    /** The cluster the node belongs to. */
    public static final String CLUSTER = "nubis:cluster";
    /** The kind of the cluster node. */
    public static final String KIND = "nubis:kind";
    /** Nubis's own id of the instance or node. */
    public static final String NODE = "nubis:node";
    /** One launch request: ties instances created in one call to the records written before it. */
    public static final String LAUNCH = "nubis:launch";

    private NubisTags() {
    }
}
