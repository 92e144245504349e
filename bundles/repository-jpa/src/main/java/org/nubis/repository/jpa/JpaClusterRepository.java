package org.nubis.repository.jpa;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;
import org.nubis.api.ConflictException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.Node;
import org.nubis.api.repository.ClusterRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Clusters, their nodes and node-number counters, in the same database as the experiments. */
@Component(service = ClusterRepository.class)
public class JpaClusterRepository implements ClusterRepository {

    /** compute-2 before compute-10: by kind, then the number at the end of the id. */
    static final Comparator<Node> NODE_ORDER = Comparator.comparing(Node::kind)
            .thenComparingLong(n -> InstanceOrder.trailingNumber(n.id()))
            .thenComparing(Node::id);

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
            em.createQuery("DELETE FROM NodeEntity n WHERE n.cluster = :c").setParameter("c", name).executeUpdate();
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

    @Override
    public void saveNodes(Collection<Node> nodes) {
        tx.run(em -> {
            for (Node n : nodes) {
                NodeEntity existing = em.find(NodeEntity.class, n.id());
                if (existing == null) {
                    em.persist(NodeEntity.from(n));
                } else {
                    existing.copy(n);
                }
            }
        });
    }

    @Override
    public List<Node> nodes(String cluster) {
        return tx.call(em -> em.createQuery("SELECT n FROM NodeEntity n WHERE n.cluster = :c ORDER BY n.kind, n.id",
                        NodeEntity.class)
                .setParameter("c", cluster).getResultList().stream().map(NodeEntity::toNode)
                .sorted(NODE_ORDER).toList());
    }

    @Override
    public void deleteNodes(Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(nodeIds);
        tx.run(em -> {
            // IN lists are bounded on some databases: delete in slices.
            for (int from = 0; from < ids.size(); from += 500) {
                em.createQuery("DELETE FROM NodeEntity n WHERE n.id IN :ids")
                        .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 500))).executeUpdate();
            }
        });
    }

    private static NotFoundException notFound(String cluster) {
        return new NotFoundException("no cluster named '" + cluster + "'");
    }
}
