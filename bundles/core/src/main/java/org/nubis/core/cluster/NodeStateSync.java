package org.nubis.core.cluster;

import java.util.ArrayList;
import java.util.List;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Node;
import org.nubis.api.repository.ClusterRepository;
import org.nubis.core.cloud.CloudLookup;
import org.nubis.core.cloud.CloudLookup.CloudRef;

/** Brings nodes up to date with what their cloud reports, and stores the changes. */
final class NodeStateSync {

    private final CloudLookup lookup;
    private final ClusterRepository repository;

    NodeStateSync(CloudRegistry clouds, ClusterRepository repository) {
        this.lookup = new CloudLookup(clouds);
        this.repository = repository;
    }

    List<Node> refresh(List<Node> nodes) {
        CloudLookup.Answer answer = lookup.describe(nodes.stream().map(n -> new CloudRef(n.cloud(), n.cloudId())).toList());
        List<Node> result = new ArrayList<>(nodes.size());
        List<Node> changed = new ArrayList<>();
        for (Node n : nodes) {
            if (n.cloudId() == null || !answer.asked(n.cloud()) || n.state() == InstanceState.TERMINATED) {
                result.add(n);
                continue;
            }
            CloudInstance c = answer.found().get(new CloudRef(n.cloud(), n.cloudId()));
            Node now = c == null
                    ? n.withState(InstanceState.TERMINATED, "no longer known to cloud '" + n.cloud() + "'")
                    : n.withCloud(n.cloudId(), c.state(), c.stateReason(), c.publicHost(), c.privateHost(), c.sshPort(),
                            n.sshUser() != null ? n.sshUser() : c.sshUser());
            if (!now.equals(n)) {
                changed.add(now);
            }
            result.add(now);
        }
        if (!changed.isEmpty()) {
            repository.saveNodes(changed);
        }
        return result;
    }
}
