package org.nubis.api.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a cluster is made of: a cloud, node kinds, how to log in and how to set the nodes up.
 * Templates are files {@code etc/nubis/clusters/NAME.yaml}; a cluster keeps its own copy, with
 * the overrides it was created with.
 *
 * @param loginUser     login user on the nodes, or null for each image's default
 * @param kinds         node kinds by name, in the order they were written
 * @param setupProvider name of the {@link org.nubis.api.setup.SetupProvider}, or null for none
 * @param setupVars     variables handed to the setup (Ansible extra vars, script environment)
 * @param options       provider-specific options for all kinds (security group, network...)
 * @param source        where the template came from (a file path), for messages
 */
public record ClusterTemplate(String name, String cloud, String loginUser, Map<String, NodeKind> kinds,
                              String setupProvider, Map<String, String> setupVars, Map<String, String> options,
                              int startTimeoutSeconds, int setupTimeoutSeconds, String source) {
    public ClusterTemplate {
        kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
        setupVars = setupVars == null ? Map.of() : Map.copyOf(setupVars);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public int nodeCount() {
        return kinds.values().stream().mapToInt(NodeKind::count).sum();
    }

    public ClusterTemplate withKind(NodeKind kind) {
        Map<String, NodeKind> changed = new LinkedHashMap<>(kinds);
        changed.put(kind.name(), kind);
        return new ClusterTemplate(name, cloud, loginUser, changed, setupProvider, setupVars, options,
                startTimeoutSeconds, setupTimeoutSeconds, source);
    }
}
