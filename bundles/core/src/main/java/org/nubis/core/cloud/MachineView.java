package org.nubis.core.cloud;

import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Node;
import org.nubis.api.experiment.Instance;

/** What readiness needs to know of an experiment instance or a cluster node. */
public record MachineView(String id, String cloudId, InstanceState state, String stateReason, String publicHost,
                          int sshPort, String sshUser) {

    public static MachineView of(Instance i) {
        return new MachineView(i.id(), i.cloudId(), i.state(), i.stateReason(), i.publicHost(), i.sshPort(), i.sshUser());
    }

    public static MachineView of(Node n) {
        return new MachineView(n.id(), n.cloudId(), n.state(), n.stateReason(), n.publicHost(), n.sshPort(), n.sshUser());
    }

    boolean reachable() {
        return state == InstanceState.RUNNING && publicHost != null && sshPort > 0;
    }

    /** Terminated or stopped: waiting longer will not make it ready. */
    boolean hopeless() {
        return state == InstanceState.TERMINATED || state == InstanceState.STOPPED || state == InstanceState.STOPPING;
    }
}
