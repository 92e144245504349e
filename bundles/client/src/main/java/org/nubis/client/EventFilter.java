package org.nubis.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which events to receive: the query filters of {@code GET /events}, combined with AND; an empty
 * filter receives everything. Immutable: each {@code with...} returns a new filter.
 *
 * <pre>{@code EventFilter.all().withCluster("hpc").withTypes(NubisEvent.CLUSTER_PHASE)}</pre>
 */
public final class EventFilter {

    private static final EventFilter ALL = new EventFilter(List.of(), null, null);

    private final List<String> types;
    private final String cluster;
    private final String operation;

    private EventFilter(List<String> types, String cluster, String operation) {
        this.types = List.copyOf(types);
        this.cluster = cluster;
        this.operation = operation;
    }

    public static EventFilter all() {
        return ALL;
    }

    /** Events of one cluster. */
    public static EventFilter forCluster(String name) {
        return ALL.withCluster(name);
    }

    /** Events of one operation. */
    public static EventFilter forOperation(String id) {
        return ALL.withOperation(id);
    }

    /** Only these types (any of them), e.g. {@link NubisEvent#CLUSTER_NODE}; adds to those already given. */
    public EventFilter withTypes(String... more) {
        List<String> t = new ArrayList<>(types);
        t.addAll(Arrays.asList(more));
        return new EventFilter(t, cluster, operation);
    }

    public EventFilter withCluster(String name) {
        return new EventFilter(types, name, operation);
    }

    public EventFilter withOperation(String id) {
        return new EventFilter(types, cluster, id);
    }

    public List<String> types() {
        return types;
    }

    public String cluster() {
        return cluster;
    }

    public String operation() {
        return operation;
    }

    Urls.Query query() {
        return new Urls.Query().addAll("type", types).add("cluster", cluster).add("operation", operation);
    }

    @Override
    public String toString() {
        String q = query().toString();
        return "EventFilter[" + (q.isEmpty() ? "all" : q.substring(1)) + "]";
    }
}
