package org.nubis.api.cluster;

import java.util.List;
import java.util.Map;

/**
 * One kind of node of a cluster (elasticluster's node class), e.g. {@code frontend} ×1 or
 * {@code compute} ×N.
 *
 * @param count          how many nodes of this kind the cluster has when started
 * @param minCount       the fewest nodes of this kind a start with a minimum may keep (0..count), or -1
 *                       when the template does not say (then 1)
 * @param image          image, or null for the cloud's default
 * @param flavor         flavor / instance type, or null for the cloud's default
 * @param setupGroups    setup groups of this kind (Ansible groups, e.g. {@code slurm_master})
 * @param setupScripts   scripts (for the script setup provider) that configure a node of this kind
 * @param refreshScripts scripts run on existing nodes of this kind when the cluster changed size
 * @param options        provider-specific options (security group, network, subnet...); an option
 *                       {@code tag:KEY} puts the cloud tag KEY on the kind's instances
 */
public record NodeKind(String name, int count, int minCount, String image, String flavor,
                       List<String> setupGroups, List<String> setupScripts, List<String> refreshScripts,
                       Map<String, String> options) {
    public NodeKind {
        setupGroups = setupGroups == null ? List.of() : List.copyOf(setupGroups);
        setupScripts = setupScripts == null ? List.of() : List.copyOf(setupScripts);
        refreshScripts = refreshScripts == null ? List.of() : List.copyOf(refreshScripts);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public NodeKind withCount(int newCount) {
        return new NodeKind(name, newCount, Math.min(minCount, Math.max(newCount, 0)), image, flavor, setupGroups,
                setupScripts, refreshScripts, options);
    }
}
