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
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.nubis.api.ConflictException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.experiment.Instance;

/** The experiment repository's behaviour, on each kind of database (see the subclasses). */
abstract class ExperimentRepositoryContract extends DatabaseTestBase {

    JpaExperimentRepository repo;

    @Override
    void opened(EntityManagerFactory emf) {
        repo = new JpaExperimentRepository(emf);
    }

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static Instance instance(String id, String experiment, InstanceState state, String... tags) {
        TreeSet<String> t = new TreeSet<>(List.of(tags));
        return new Instance(id, experiment, "local", "lc-" + id, state, null, t, "127.0.0.1", "127.0.0.1",
                40000, "me", "sandbox", "small", T0);
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
    void savesUpdatesAndDeletesInstancesInNaturalOrder() {
        repo.create(new Experiment("exp", T0));
        repo.saveInstances(List.of(instance("exp-10", "exp", InstanceState.PENDING, "exp", "exp-10", "local"),
                instance("exp-2", "exp", InstanceState.PENDING, "exp", "exp-2", "local", "worker")));
        List<Instance> stored = repo.instances("exp");
        assertEquals(List.of("exp-2", "exp-10"), stored.stream().map(Instance::id).toList());
        assertEquals(Set.of("exp", "exp-2", "local", "worker"), stored.get(0).tags());

        Instance running = stored.get(0).withCloudState(InstanceState.RUNNING, "booted", "10.0.0.2", "192.168.0.2", 2222);
        repo.saveInstances(List.of(running));
        Instance reread = repo.instances("exp").get(0);
        assertEquals(InstanceState.RUNNING, reread.state());
        assertEquals("booted", reread.stateReason());
        assertEquals(2222, reread.sshPort());
        assertEquals("192.168.0.2", reread.privateHost());
        assertEquals(T0, reread.createdAt());

        repo.deleteInstances(List.of("exp-2"));
        assertEquals(List.of("exp-10"), repo.instances("exp").stream().map(Instance::id).toList());
    }

    @Test
    void deletingAnExperimentDeletesItsInstances() {
        repo.create(new Experiment("exp", T0));
        repo.create(new Experiment("other", T0));
        repo.saveInstances(List.of(instance("exp-1", "exp", InstanceState.RUNNING, "exp"),
                instance("other-1", "other", InstanceState.RUNNING, "other")));
        repo.delete("exp");
        assertFalse(repo.find("exp").isPresent());
        assertTrue(repo.instances("exp").isEmpty());
        assertEquals(1, repo.instances("other").size());
    }

    @Test
    void dataSurvivesReopeningTheDatabase() throws Exception {
        repo.create(new Experiment("exp", T0));
        repo.reserveInstanceNumbers("exp", 5);
        repo.saveInstances(List.of(instance("exp-1", "exp", InstanceState.STOPPED, "exp", "x")));
        reopen();

        assertEquals(InstanceState.STOPPED, repo.instances("exp").get(0).state());
        assertEquals(6, repo.reserveInstanceNumbers("exp", 1));
    }
}
