package org.nubis.core.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nubis.api.NotFoundException;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.ClusterTemplates;

/** Cluster templates held in memory instead of YAML files. */
public final class FakeTemplates implements ClusterTemplates {

    private final Map<String, ClusterTemplate> templates = new TreeMap<>();

    public FakeTemplates add(ClusterTemplate t) {
        templates.put(t.name(), t);
        return this;
    }

    @Override
    public List<ClusterTemplate> templates() {
        return new ArrayList<>(templates.values());
    }

    @Override
    public ClusterTemplate template(String name) {
        ClusterTemplate t = templates.get(name);
        if (t == null) {
            throw new NotFoundException("no cluster template named '" + name + "'");
        }
        return t;
    }

    @Override
    public ClusterTemplate parse(String name, String yaml) {
        throw new UnsupportedOperationException("the fake templates read no YAML");
    }

    @Override
    public ClusterTemplate save(String name, String yaml) {
        throw new UnsupportedOperationException("the fake templates read no YAML");
    }
}
