package org.nubis.core.cloud;

import java.util.ArrayList;
import java.util.List;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.MachineRepository;
import org.nubis.core.cloud.CloudLookup.CloudRef;

/**
 * Brings machine records up to date with what their clouds report, one request per cloud, and
 * stores what changed. A machine the cloud no longer knows is terminated. Records the cloud has not
 * been asked about yet, records of clouds that cannot be asked now, and terminated records (a
 * terminated machine does not come back) are kept as they are.
 */
public final class MachineStateSync {

    private final CloudLookup lookup;
    private final MachineRepository repository;

    public MachineStateSync(CloudRegistry clouds, MachineRepository repository) {
        this.lookup = new CloudLookup(clouds);
        this.repository = repository;
    }

    /** The same machines, in the same order, with state, addresses and ports as their clouds say. */
    public List<Machine> refresh(List<Machine> machines) {
        List<CloudRef> asked = machines.stream().filter(MachineStateSync::askable)
                .map(m -> new CloudRef(m.cloud(), m.cloudId())).toList();
        if (asked.isEmpty()) {
            return machines;
        }
        CloudLookup.Answer answer = lookup.describe(asked);
        List<Machine> result = new ArrayList<>(machines.size());
        List<Machine> changed = new ArrayList<>();
        for (Machine m : machines) {
            if (!askable(m) || !answer.asked(m.cloud())) {
                result.add(m);
                continue;
            }
            CloudInstance c = answer.found().get(new CloudRef(m.cloud(), m.cloudId()));
            Machine now = c == null
                    ? m.withState(InstanceState.TERMINATED, "no longer known to cloud '" + m.cloud() + "'")
                    : m.withCloud(c);
            if (now.equals(m)) {
                result.add(m);
            } else {
                changed.add(now);
                result.add(now);
            }
        }
        repository.save(changed);
        return result;
    }

    private static boolean askable(Machine m) {
        return m.cloudId() != null && m.state() != InstanceState.TERMINATED;
    }
}
