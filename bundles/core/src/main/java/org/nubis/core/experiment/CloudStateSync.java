package org.nubis.core.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nubis.api.NubisException;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.Instance;
import org.nubis.api.repository.ExperimentRepository;

/** Brings Nubis's view of instances up to date with what their clouds report, and stores it. */
final class CloudStateSync {

    private final CloudRegistry clouds;
    private final ExperimentRepository repository;

    CloudStateSync(CloudRegistry clouds, ExperimentRepository repository) {
        this.clouds = clouds;
        this.repository = repository;
    }

    /** The same instances, in the same order, with state, addresses and ports as their clouds say. */
    List<Instance> refresh(List<Instance> instances) {
        Map<String, List<Instance>> byCloud = instances.stream().filter(i -> i.cloudId() != null)
                .collect(Collectors.groupingBy(Instance::cloud, LinkedHashMap::new, Collectors.toList()));
        Map<String, Instance> updated = new LinkedHashMap<>();
        for (Map.Entry<String, List<Instance>> e : byCloud.entrySet()) {
            Map<String, CloudInstance> reported;
            try {
                reported = clouds.connection(e.getKey())
                        .describeIds(e.getValue().stream().map(Instance::cloudId).toList()).stream()
                        .collect(Collectors.toMap(CloudInstance::cloudId, Function.identity(), (a, b) -> a));
            } catch (NubisException unavailable) {
                // Keep what we knew; the cloud may come back (provider redeployed, process restarted).
                continue;
            }
            for (Instance i : e.getValue()) {
                CloudInstance c = reported.get(i.cloudId());
                Instance now = c == null
                        ? i.withCloudState(InstanceState.TERMINATED, "no longer known to cloud '" + i.cloud() + "'",
                                i.publicHost(), i.privateHost(), i.sshPort())
                        : i.withCloudState(c.state(), c.stateReason(), c.publicHost(), c.privateHost(), c.sshPort());
                if (!now.equals(i)) {
                    updated.put(i.id(), now);
                }
            }
        }
        if (!updated.isEmpty()) {
            repository.saveInstances(updated.values());
        }
        List<Instance> result = new ArrayList<>(instances.size());
        for (Instance i : instances) {
            result.add(Objects.requireNonNullElse(updated.get(i.id()), i));
        }
        return result;
    }
}
