package org.nubis.core.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.nubis.api.NubisException;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cloud.PartialLaunchException;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.ClusterRepository;
import org.nubis.api.repository.MachineRepository;
import org.nubis.core.cloud.NodeIdTags;

/**
 * Creates the nodes of one kind: records them before the cloud is asked (write-ahead), launches
 * them in one request, pairs the records with the cloud's ids at once, and tags each instance with
 * its node id. Nodes the cloud did not create stay on record as terminated, with the reason.
 */
final class NodeLauncher {

    /** Kind options {@code tag:KEY: value} become cloud tags of the kind's instances (Nubis's own tags excepted). */
    private static final String TAG_OPTION = "tag:";

    private final ClusterRepository repository;
    private final MachineRepository machines;
    private final String owner;
    private final String publicKey;
    private final ExecutorService cloudCalls;

    NodeLauncher(ClusterRepository repository, MachineRepository machines, String owner, String publicKey,
                 ExecutorService cloudCalls) {
        this.repository = repository;
        this.machines = machines;
        this.owner = owner;
        this.publicKey = publicKey;
        this.cloudCalls = cloudCalls;
    }

    List<Machine> launch(Cluster cluster, String cloudName, CloudConnection cloud, NodeKind kind, int count, String image, String flavor) {
        String launch = UUID.randomUUID().toString();
        List<Machine> planned = plan(cluster, cloudName, kind, count, image, flavor, launch);
        machines.save(planned);

        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(NubisTags.OWNER, owner);
        tags.put(NubisTags.CLUSTER, cluster.name());
        tags.put(NubisTags.KIND, kind.name());
        tags.put(NubisTags.LAUNCH, launch);
        kind.options().forEach((key, value) -> {
            if (key.startsWith(TAG_OPTION) && key.length() > TAG_OPTION.length() && !key.startsWith(TAG_OPTION + "nubis:")) {
                tags.put(key.substring(TAG_OPTION.length()), value);
            }
        });
        List<CloudInstance> launched;
        String failure = null;
        try {
            launched = cloud.launch(new LaunchSpec(image, flavor, count, tags, List.of(publicKey), null));
        } catch (PartialLaunchException e) {
            launched = e.launched();
            failure = e.getMessage();
        } catch (NubisException e) {
            launched = List.of();
            failure = e.getMessage();
        }
        List<Machine> result = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            Machine p = planned.get(i);
            if (i < launched.size()) {
                result.add(p.withCloud(launched.get(i)));
            } else {
                result.add(p.withState(InstanceState.TERMINATED, "not created: " + failure));
            }
        }
        machines.save(result);
        if (launched.size() > planned.size()) {
            // More than asked for: nothing would track the extras, so give them back at once.
            cloud.terminate(launched.subList(planned.size(), launched.size()).stream().map(CloudInstance::cloudId).toList());
        }
        NodeIdTags.apply(cloud, result.stream().filter(n -> n.cloudId() != null)
                .map(n -> new NodeIdTags.Pair(n.cloudId(), n.id())).toList(), cloudCalls);
        return result;
    }

    private List<Machine> plan(Cluster cluster, String cloudName, NodeKind kind, int count, String image, String flavor, String launch) {
        long first = repository.reserveNodeNumbers(cluster.name(), kind.name(), count);
        Instant now = Instant.now();
        List<Machine> planned = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = cluster.name() + "-" + kind.name() + "-" + (first + i);
            // The template's login user, when it names one, wins over the image's (see Machine.withCloud).
            planned.add(Machine.plannedNode(id, cluster.name(), kind.name(), cloudName, cluster.spec().loginUser(), image,
                    flavor, launch, now));
        }
        return planned;
    }
}
