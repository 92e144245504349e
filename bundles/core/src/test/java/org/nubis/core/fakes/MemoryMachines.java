package org.nubis.core.fakes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.MachineRepository;

/** Machine records in memory, keyed as the real repository keys them (group type and id); counts its writes. */
public final class MemoryMachines implements MachineRepository {

    private final Map<String, Machine> records = new LinkedHashMap<>();
    public final AtomicInteger saves = new AtomicInteger();

    private static String key(Machine m) {
        return (m.experiment() != null ? "e/" : "c/") + m.id();
    }

    @Override
    public synchronized void save(Collection<Machine> machines) {
        if (!machines.isEmpty()) {
            saves.incrementAndGet();
        }
        machines.forEach(m -> records.put(key(m), m));
    }

    /** The N of {@code GROUP-N}: the real repository orders by it ({@code demo-2} before {@code demo-10}). */
    private static long number(Machine m) {
        String id = m.id();
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public synchronized List<Machine> ofExperiment(String experiment) {
        return records.values().stream().filter(m -> experiment.equals(m.experiment()))
                .sorted(Comparator.comparingLong(MemoryMachines::number).thenComparing(Machine::id)).toList();
    }

    @Override
    public synchronized List<Machine> ofCluster(String cluster) {
        return records.values().stream().filter(m -> cluster.equals(m.cluster()))
                .sorted(Comparator.comparing(Machine::kind).thenComparingLong(MemoryMachines::number)).toList();
    }

    @Override
    public synchronized List<Machine> onCloud(String cloud) {
        return records.values().stream().filter(m -> cloud.equals(m.cloud())).toList();
    }

    @Override
    public synchronized void delete(Collection<Machine> machines) {
        machines.forEach(m -> records.remove(key(m)));
    }

    public synchronized List<Machine> all() {
        return new ArrayList<>(records.values());
    }
}
