package org.nubis.core.fakes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nubis.api.ConflictException;
import org.nubis.api.NotFoundException;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.repository.ExperimentRepository;

/**
 * Experiment records in memory. Like the real repository, deleting an experiment deletes its
 * instance records too, and instance numbers live with the experiment.
 */
public final class MemoryExperiments implements ExperimentRepository {

    private final Map<String, Experiment> experiments = new TreeMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private final MemoryMachines machines;

    public MemoryExperiments(MemoryMachines machines) {
        this.machines = machines;
    }

    @Override
    public synchronized void create(Experiment experiment) {
        if (experiments.putIfAbsent(experiment.name(), experiment) != null) {
            throw new ConflictException("experiment '" + experiment.name() + "' already exists");
        }
        counters.put(experiment.name(), 1L);
    }

    @Override
    public synchronized Optional<Experiment> find(String name) {
        return Optional.ofNullable(experiments.get(name));
    }

    @Override
    public synchronized List<Experiment> list() {
        return new ArrayList<>(experiments.values());
    }

    @Override
    public synchronized void delete(String name) {
        machines.delete(machines.ofExperiment(name));
        experiments.remove(name);
        counters.remove(name);
    }

    @Override
    public synchronized long reserveInstanceNumbers(String experiment, int count) {
        Long first = counters.get(experiment);
        if (first == null) {
            throw new NotFoundException("no experiment named '" + experiment + "'");
        }
        counters.put(experiment, first + count);
        return first;
    }
}
