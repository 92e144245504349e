package org.nubis.localcloud.engine;

import java.util.Map;
import java.util.Set;

/** Which instances a describe returns: all tags must match (AND); any state and any id may (OR). Empty = any. */
public record InstanceFilter(Map<String, String> tags, Set<InstanceState> states, Set<String> ids) {

    public static final InstanceFilter ALL = new InstanceFilter(Map.of(), Set.of(), Set.of());

    public InstanceFilter {
        tags = Map.copyOf(tags);
        states = Set.copyOf(states);
        ids = Set.copyOf(ids);
    }

    boolean matches(InstanceDescription instance) {
        if (!ids.isEmpty() && !ids.contains(instance.id())) {
            return false;
        }
        if (!states.isEmpty() && !states.contains(instance.state())) {
            return false;
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!tag.getValue().equals(instance.tags().get(tag.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
