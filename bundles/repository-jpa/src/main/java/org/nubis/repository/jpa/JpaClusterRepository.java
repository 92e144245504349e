package org.nubis.repository.jpa;

import java.util.List;
import java.util.Optional;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;
import org.nubis.api.ConflictException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.repository.ClusterRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Clusters and their node-number counters, in the same database as the experiments. */
@Component(service = ClusterRepository.class)
public class JpaClusterRepository implements ClusterRepository {

    @Reference
    RepositoryDatabase database;
    private Transactions tx;

    public JpaClusterRepository() {
        // for Declarative Services
    }

    JpaClusterRepository(EntityManagerFactory emf) {
        this.tx = new Transactions(emf);
    }

    @Activate
    void activate() {
        this.tx = new Transactions(database.emf());
    }

    @Override
    public void create(Cluster cluster) {
        try {
            tx.run(em -> {
                if (em.find(ClusterEntity.class, cluster.name()) != null) {
                    throw conflict(cluster.name());
                }
                em.persist(ClusterEntity.from(cluster));
                em.flush();
            });
        } catch (PersistenceException e) {
            // Lost a race with another create of the same name: the primary key said no.
            if (find(cluster.name()).isPresent()) {
                throw conflict(cluster.name());
            }
            throw JpaExperimentRepository.storageError("create cluster " + cluster.name(), e);
        }
    }

    private static ConflictException conflict(String name) {
        return new ConflictException("cluster '" + name + "' already exists");
    }

    @Override
    public Optional<Cluster> find(String name) {
        return tx.call(em -> Optional.ofNullable(em.find(ClusterEntity.class, name)).map(ClusterEntity::toCluster));
    }

    @Override
    public List<Cluster> list() {
        return tx.call(em -> em.createQuery("SELECT c FROM ClusterEntity c ORDER BY c.name", ClusterEntity.class)
                .getResultList().stream().map(ClusterEntity::toCluster).toList());
    }

    /** @throws NotFoundException if there is no such cluster (it was deleted) */
    @Override
    public void update(Cluster cluster) {
        tx.run(em -> {
            ClusterEntity e = em.find(ClusterEntity.class, cluster.name());
            if (e == null) {
                throw notFound(cluster.name());
            }
            e.copy(cluster);
        });
    }

    @Override
    public void delete(String name) {
        tx.run(em -> {
            JpaMachineRepository.deleteGroup(em, MachineEntity.CLUSTER, name);
            em.createQuery("DELETE FROM NodeCounterEntity n WHERE n.cluster = :c").setParameter("c", name).executeUpdate();
            ClusterEntity e = em.find(ClusterEntity.class, name);
            if (e != null) {
                em.remove(e);
            }
        });
    }

    @Override
    public long reserveNodeNumbers(String cluster, String kind, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        return tx.call(em -> {
            // The cluster's row lock serializes reservations for all its kinds, the first one of a
            // kind (which inserts its counter) included.
            if (em.find(ClusterEntity.class, cluster, LockModeType.PESSIMISTIC_WRITE) == null) {
                throw notFound(cluster);
            }
            NodeCounterEntity counter = em.find(NodeCounterEntity.class, new NodeCounterEntity.Key(cluster, kind),
                    LockModeType.PESSIMISTIC_WRITE);
            if (counter == null) {
                counter = new NodeCounterEntity(cluster, kind);
                em.persist(counter);
            }
            return counter.reserve(count);
        });
    }

    private static NotFoundException notFound(String cluster) {
        return new NotFoundException("no cluster named '" + cluster + "'");
    }
}
