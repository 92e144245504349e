package org.nubis.core.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.event.NubisEvents;
import org.nubis.api.machine.Machine;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Publishes cluster phases and node changes on the EventAdmin, when there is one. */
final class ClusterEvents {

    private final Supplier<EventAdmin> eventAdmin;

    ClusterEvents(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void phase(Cluster cluster, String message) {
        Map<String, Object> p = new HashMap<>();
        p.put(NubisEvents.CLUSTER, cluster.name());
        p.put(NubisEvents.PHASE, cluster.state().label());
        p.put(NubisEvents.STATE, cluster.state().label());
        if (message != null) {
            p.put(NubisEvents.MESSAGE, message);
        }
        // Synchronous: a shell following the cluster must see the last phase message before its command returns.
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            admin.sendEvent(new Event(NubisEvents.CLUSTER_PHASE, p));
        }
    }

    void node(Cluster cluster, Machine node, int done, int total, String message) {
        Map<String, Object> p = new HashMap<>();
        p.put(NubisEvents.CLUSTER, cluster.name());
        p.put(NubisEvents.PHASE, cluster.state().label());
        p.put(NubisEvents.NODE, node.id());
        p.put(NubisEvents.KIND, node.kind());
        p.put(NubisEvents.STATE, node.state().label());
        p.put(NubisEvents.DONE, done);
        p.put(NubisEvents.TOTAL, total);
        if (message != null) {
            p.put(NubisEvents.MESSAGE, message);
        }
        post(NubisEvents.CLUSTER_NODE, p);
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }
}
