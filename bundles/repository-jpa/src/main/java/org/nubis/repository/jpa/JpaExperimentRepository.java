package org.nubis.repository.jpa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;
import org.nubis.api.ConflictException;
import org.nubis.api.NotFoundException;
import org.nubis.api.NubisException;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.repository.ExperimentRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = ExperimentRepository.class)
public class JpaExperimentRepository implements ExperimentRepository {

    @Reference
    RepositoryDatabase database;
    private Transactions tx;

    public JpaExperimentRepository() {
        // for Declarative Services
    }

    JpaExperimentRepository(EntityManagerFactory emf) {
        this.tx = new Transactions(emf);
    }

    @Activate
    void activate() {
        this.tx = new Transactions(database.emf());
    }

    @Override
    public void create(Experiment experiment) {
        try {
            tx.run(em -> {
                if (em.find(ExperimentEntity.class, experiment.name()) != null) {
                    throw new ConflictException("experiment '" + experiment.name() + "' already exists");
                }
                em.persist(new ExperimentEntity(experiment.name(), experiment.createdAt().toEpochMilli()));
                em.flush();
            });
        } catch (PersistenceException e) {
            // Lost a race with another create of the same name: the primary key said no.
            if (find(experiment.name()).isPresent()) {
                throw new ConflictException("experiment '" + experiment.name() + "' already exists");
            }
            throw storageError("create experiment " + experiment.name(), e);
        }
    }

    @Override
    public Optional<Experiment> find(String name) {
        return tx.call(em -> Optional.ofNullable(em.find(ExperimentEntity.class, name)).map(JpaExperimentRepository::toExperiment));
    }

    @Override
    public List<Experiment> list() {
        return tx.call(em -> em.createQuery("SELECT e FROM ExperimentEntity e ORDER BY e.name", ExperimentEntity.class)
                .getResultList().stream().map(JpaExperimentRepository::toExperiment).toList());
    }

    @Override
    public void delete(String name) {
        tx.run(em -> {
            JpaMachineRepository.deleteGroup(em, MachineEntity.EXPERIMENT, name);
            ExperimentEntity e = em.find(ExperimentEntity.class, name);
            if (e != null) {
                em.remove(e);
            }
        });
    }

    @Override
    public long reserveInstanceNumbers(String experiment, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        return tx.call(em -> {
            ExperimentEntity e = em.find(ExperimentEntity.class, experiment, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                throw new NotFoundException("no experiment named '" + experiment + "'");
            }
            return e.reserve(count);
        });
    }

    private static Experiment toExperiment(ExperimentEntity e) {
        return new Experiment(e.name(), Instant.ofEpochMilli(e.createdAtMillis()));
    }

    static NubisException storageError(String what, Exception e) {
        return new NubisException("could not " + what + ": the repository failed (" + e.getClass().getSimpleName() + ")", e);
    }
}
