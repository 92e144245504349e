package org.nubis.core.experiment;

import java.util.ArrayList;
import java.util.List;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.Instance;
import org.nubis.api.repository.ExperimentRepository;
import org.nubis.core.cloud.CloudLookup;
import org.nubis.core.cloud.CloudLookup.CloudRef;

/** Brings Nubis's view of experiment instances up to date with what their clouds report, and stores it. */
final class CloudStateSync {

    private final CloudLookup lookup;
    private final ExperimentRepository repository;

    CloudStateSync(CloudRegistry clouds, ExperimentRepository repository) {
        this.lookup = new CloudLookup(clouds);
        this.repository = repository;
    }

    /** The same instances, in the same order, with state, addresses and ports as their clouds say. */
    List<Instance> refresh(List<Instance> instances) {
        CloudLookup.Answer answer = lookup.describe(instances.stream().map(i -> new CloudRef(i.cloud(), i.cloudId())).toList());
        List<Instance> result = new ArrayList<>(instances.size());
        List<Instance> changed = new ArrayList<>();
        for (Instance i : instances) {
            // Not yet created, or its cloud cannot be asked now: keep what we knew.
            if (i.cloudId() == null || !answer.asked(i.cloud())) {
                result.add(i);
                continue;
            }
            CloudInstance c = answer.found().get(new CloudRef(i.cloud(), i.cloudId()));
            Instance now = c == null
                    ? i.withCloudState(InstanceState.TERMINATED, "no longer known to cloud '" + i.cloud() + "'",
                            i.publicHost(), i.privateHost(), i.sshPort())
                    : i.withCloudState(c.state(), c.stateReason(), c.publicHost(), c.privateHost(), c.sshPort());
            if (!now.equals(i)) {
                changed.add(now);
            }
            result.add(now);
        }
        if (!changed.isEmpty()) {
            repository.saveInstances(changed);
        }
        return result;
    }
}
