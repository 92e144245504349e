package org.nubis.repository.jpa;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.MachineRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Every tracked machine, experiments' and clusters' alike, in the same database as their groups. */
@Component(service = MachineRepository.class)
public class JpaMachineRepository implements MachineRepository {

    /** IN lists are bounded on some databases: work in slices. */
    private static final int SLICE = 500;

    @Reference
    RepositoryDatabase database;
    private Transactions tx;

    public JpaMachineRepository() {
        // for Declarative Services
    }

    JpaMachineRepository(EntityManagerFactory emf) {
        this.tx = new Transactions(emf);
    }

    @Activate
    void activate() {
        this.tx = new Transactions(database.emf());
    }

    @Override
    public void save(Collection<Machine> machines) {
        if (machines.isEmpty()) {
            return;
        }
        tx.run(em -> {
            for (Machine m : machines) {
                MachineEntity existing = em.find(MachineEntity.class, MachineEntity.keyOf(m));
                if (existing == null) {
                    em.persist(MachineEntity.from(m));
                } else {
                    existing.copy(m);
                }
            }
        });
    }

    @Override
    public List<Machine> ofExperiment(String experiment) {
        return of(MachineEntity.EXPERIMENT, experiment, MachineOrder.INSTANCES);
    }

    @Override
    public List<Machine> ofCluster(String cluster) {
        return of(MachineEntity.CLUSTER, cluster, MachineOrder.NODES);
    }

    private List<Machine> of(String groupType, String name, Comparator<Machine> order) {
        return tx.call(em -> em.createQuery("SELECT m FROM MachineEntity m WHERE m.groupType = :t AND m.groupName = :n",
                        MachineEntity.class)
                .setParameter("t", groupType).setParameter("n", name).getResultList().stream()
                .map(MachineEntity::toMachine).sorted(order).toList());
    }

    @Override
    public List<Machine> onCloud(String cloud) {
        return tx.call(em -> em.createQuery("SELECT m FROM MachineEntity m WHERE m.cloud = :c", MachineEntity.class)
                .setParameter("c", cloud).getResultList().stream().map(MachineEntity::toMachine)
                .sorted(Comparator.comparing(MachineEntity::groupTypeOf).thenComparing(m -> m.experiment() != null
                        ? m.experiment() : m.cluster()).thenComparing(MachineOrder.NODES)).toList());
    }

    @Override
    public void delete(Collection<Machine> machines) {
        if (machines.isEmpty()) {
            return;
        }
        Map<String, List<String>> idsByType = machines.stream().collect(Collectors.groupingBy(MachineEntity::groupTypeOf,
                Collectors.mapping(Machine::id, Collectors.toList())));
        tx.run(em -> idsByType.forEach((type, ids) -> deleteIds(em, type, new ArrayList<>(ids))));
    }

    private static void deleteIds(EntityManager em, String groupType, List<String> ids) {
        for (int from = 0; from < ids.size(); from += SLICE) {
            em.createQuery("DELETE FROM MachineEntity m WHERE m.groupType = :t AND m.id IN :ids")
                    .setParameter("t", groupType)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + SLICE))).executeUpdate();
        }
    }

    /** Deletes a group's records, in the caller's transaction (deleting an experiment or a cluster). */
    static void deleteGroup(EntityManager em, String groupType, String name) {
        em.createQuery("DELETE FROM MachineEntity m WHERE m.groupType = :t AND m.groupName = :n")
                .setParameter("t", groupType).setParameter("n", name).executeUpdate();
    }
}
