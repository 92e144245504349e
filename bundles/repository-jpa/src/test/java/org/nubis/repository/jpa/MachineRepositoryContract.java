package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;

/** The machine repository's behaviour, on each kind of database (see the subclasses). */
abstract class MachineRepositoryContract extends DatabaseTestBase {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    JpaMachineRepository repo;

    @Override
    void opened(EntityManagerFactory emf) {
        repo = new JpaMachineRepository(emf);
    }

    static Machine instance(String id, String experiment, String... tags) {
        return Machine.plannedInstance(id, experiment, "local", Set.of(tags), "sandbox", "small", "launch-e", T0);
    }

    static Machine node(String id, String cluster, String kind) {
        return Machine.plannedNode(id, cluster, kind, "local", null, "debian-12", "small", "launch-1", T0);
    }

    static CloudInstance reported(String cloudId, InstanceState state, int port) {
        return new CloudInstance(cloudId, state, "booted", Map.of(), "10.0.0.2", "192.168.0.2", port, "debian", "img",
                "small", T0);
    }

    @Test
    void instancesComeBackInTheOrderOfTheirNumbers() {
        repo.save(List.of(instance("exp-10", "exp"), instance("exp-2", "exp", "worker"), instance("other-1", "other")));
        List<Machine> stored = repo.ofExperiment("exp");
        assertEquals(List.of("exp-2", "exp-10"), stored.stream().map(Machine::id).toList());
        assertEquals(Set.of("exp", "exp-2", "local", "worker"), stored.get(0).tags());
        assertEquals(instance("exp-2", "exp", "worker"), stored.get(0), "every field, nulls included, round-trips");
    }

    @Test
    void nodesComeBackByKindThenNumber() {
        repo.save(List.of(node("c-compute-10", "c", "compute"), node("c-frontend-1", "c", "frontend"),
                node("c-compute-2", "c", "compute"), node("c-compute-1", "c", "compute")));
        assertEquals(List.of("c-compute-1", "c-compute-2", "c-compute-10", "c-frontend-1"),
                repo.ofCluster("c").stream().map(Machine::id).toList());
        assertEquals(Set.of("c-compute-1", "c", "compute", "local"), repo.ofCluster("c").get(0).tags());
        assertTrue(repo.ofCluster("other").isEmpty());
    }

    @Test
    void updatesKeepEveryFieldIncludingLongTexts() {
        repo.save(List.of(node("c-compute-2", "c", "compute")));
        Instant ready = T0.plusSeconds(30);
        Machine running = node("c-compute-2", "c", "compute").withCloud(reported("lc-7", InstanceState.RUNNING, 2222))
                .ready(ready)
                .withSetup(SetupState.FAILED, "x".repeat(20_000))
                .withState(InstanceState.RUNNING, "y".repeat(5_000));
        repo.save(List.of(running));
        Machine reread = repo.ofCluster("c").get(0);
        assertEquals(running, reread);
        assertEquals("lc-7", reread.cloudId());
        assertEquals("debian", reread.sshUser(), "the cloud's login user when the record had none");
        assertEquals(ready, reread.readyAt());
        assertEquals(2222, reread.sshPort());
    }

    @Test
    void anExperimentAndAClusterMayNameMachinesAlike() {
        // Experiment "hpc-compute" numbers its instances hpc-compute-N, as cluster "hpc" numbers its compute nodes.
        Machine asInstance = instance("hpc-compute-1", "hpc-compute");
        Machine asNode = node("hpc-compute-1", "hpc", "compute");
        repo.save(List.of(asInstance, asNode));
        assertEquals(List.of(asInstance), repo.ofExperiment("hpc-compute"));
        assertEquals(List.of(asNode), repo.ofCluster("hpc"));

        repo.delete(List.of(asNode));
        assertEquals(List.of(asInstance), repo.ofExperiment("hpc-compute"), "only the node went");
        assertTrue(repo.ofCluster("hpc").isEmpty());
    }

    @Test
    void listsEveryMachineOnACloudWhateverItsGroup() {
        Machine elsewhere = Machine.plannedInstance("exp-9", "exp", "ec2", Set.of(), "ami", "t3.micro", null, T0);
        repo.save(List.of(node("c-compute-1", "c", "compute"), instance("exp-1", "exp"), elsewhere));
        assertEquals(List.of("c-compute-1", "exp-1"), repo.onCloud("local").stream().map(Machine::id).toList());
        assertEquals(List.of(elsewhere), repo.onCloud("ec2"));
        assertTrue(repo.onCloud("nowhere").isEmpty());
    }

    @Test
    void deletesOnlyWhatItIsGiven() {
        repo.save(List.of(instance("exp-1", "exp"), instance("exp-2", "exp"), instance("exp-3", "exp")));
        repo.delete(List.of(instance("exp-2", "exp")));
        repo.delete(List.of());
        assertEquals(List.of("exp-1", "exp-3"), repo.ofExperiment("exp").stream().map(Machine::id).toList());
    }

    @Test
    void dataSurvivesReopeningTheDatabase() throws Exception {
        Machine stopped = instance("exp-1", "exp").withState(InstanceState.STOPPED, "stopped by the cloud");
        repo.save(List.of(stopped));
        reopen();
        assertEquals(List.of(stopped), repo.ofExperiment("exp"));
    }
}
