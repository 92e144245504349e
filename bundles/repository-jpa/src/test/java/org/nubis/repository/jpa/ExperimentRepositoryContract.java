package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.nubis.api.ConflictException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.machine.Machine;

/** The experiment repository's behaviour, on each kind of database (see the subclasses). */
abstract class ExperimentRepositoryContract extends DatabaseTestBase {

    JpaExperimentRepository repo;
    JpaMachineRepository machines;

    @Override
    void opened(EntityManagerFactory emf) {
        repo = new JpaExperimentRepository(emf);
        machines = new JpaMachineRepository(emf);
    }

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static Machine instance(String id, String experiment, InstanceState state, String... tags) {
        return Machine.plannedInstance(id, experiment, "local", Set.of(tags), "sandbox", "small", null, T0)
                .withState(state, null);
    }

    @Test
    void createsFindsListsAndRefusesDuplicates() {
        repo.create(new Experiment("b", T0));
        repo.create(new Experiment("a", T0));
        assertEquals(List.of("a", "b"), repo.list().stream().map(Experiment::name).toList());
        assertEquals(T0, repo.find("a").orElseThrow().createdAt());
        assertTrue(repo.find("zzz").isEmpty());
        ConflictException e = assertThrows(ConflictException.class, () -> repo.create(new Experiment("a", T0)));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    @Test
    void instanceNumbersAreNeverHandedOutTwiceEvenUnderConcurrency() throws Exception {
        repo.create(new Experiment("exp", T0));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> firsts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                firsts.add(pool.submit(() -> repo.reserveInstanceNumbers("exp", 3)));
            }
            Set<Long> numbers = new HashSet<>();
            for (Future<Long> f : firsts) {
                long first = f.get();
                for (long n = first; n < first + 3; n++) {
                    assertTrue(numbers.add(n), "number handed out twice: " + n);
                }
            }
            assertEquals(120, numbers.size());
            assertEquals(121, repo.reserveInstanceNumbers("exp", 1));
        } finally {
            pool.shutdownNow();
        }
        assertThrows(NotFoundException.class, () -> repo.reserveInstanceNumbers("nope", 1));
    }

    @Test
    void deletingAnExperimentDeletesItsInstances() {
        repo.create(new Experiment("exp", T0));
        repo.create(new Experiment("other", T0));
        machines.save(List.of(instance("exp-1", "exp", InstanceState.RUNNING, "exp"),
                instance("other-1", "other", InstanceState.RUNNING, "other")));
        repo.delete("exp");
        assertFalse(repo.find("exp").isPresent());
        assertTrue(machines.ofExperiment("exp").isEmpty());
        assertEquals(1, machines.ofExperiment("other").size());
    }

    @Test
    void dataSurvivesReopeningTheDatabase() throws Exception {
        repo.create(new Experiment("exp", T0));
        repo.reserveInstanceNumbers("exp", 5);
        machines.save(List.of(instance("exp-1", "exp", InstanceState.STOPPED, "exp", "x")));
        reopen();

        assertEquals(InstanceState.STOPPED, machines.ofExperiment("exp").get(0).state());
        assertEquals(6, repo.reserveInstanceNumbers("exp", 1));
    }
}
