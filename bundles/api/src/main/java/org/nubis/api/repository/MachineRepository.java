package org.nubis.api.repository;

import java.util.Collection;
import java.util.List;
import org.nubis.api.machine.Machine;

/**
 * Durable records of the machines Nubis tracks, experiments' instances and clusters' nodes alike.
 * Each method is one transaction. A machine is known by its id within its experiment or cluster.
 */
public interface MachineRepository {

    /** Inserts or updates. */
    void save(Collection<Machine> machines);

    /** An experiment's instances, in the order of their numbers ({@code demo-2} before {@code demo-10}). */
    List<Machine> ofExperiment(String experiment);

    /** A cluster's nodes, by kind, then in the order of their numbers. */
    List<Machine> ofCluster(String cluster);

    /** Every machine on record on a cloud, experiments' and clusters' alike (for reconciling with that cloud). */
    List<Machine> onCloud(String cloud);

    /** Forgets these machines' records (the machines themselves are the caller's business). */
    void delete(Collection<Machine> machines);
}
