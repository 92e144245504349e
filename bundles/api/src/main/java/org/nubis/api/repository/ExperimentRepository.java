package org.nubis.api.repository;

import java.util.List;
import java.util.Optional;
import org.nubis.api.experiment.Experiment;

/** Durable storage of experiments; their instances are {@link MachineRepository}'s. Each method is one transaction. */
public interface ExperimentRepository {

    /** @throws org.nubis.api.ConflictException if the name is taken */
    void create(Experiment experiment);

    Optional<Experiment> find(String name);

    List<Experiment> list();

    /** Deletes the experiment and any instance records it still has. */
    void delete(String name);

    /**
     * Reserves {@code count} consecutive instance numbers of the experiment and returns the
     * first; numbers are never handed out twice.
     */
    long reserveInstanceNumbers(String experiment, int count);
}
