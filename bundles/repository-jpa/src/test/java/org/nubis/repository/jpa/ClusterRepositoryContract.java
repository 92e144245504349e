package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.nubis.api.ConflictException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;

/** The cluster repository's behaviour, on each kind of database (see the subclasses). */
abstract class ClusterRepositoryContract extends DatabaseTestBase {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    JpaClusterRepository repo;
    JpaMachineRepository machines;

    @Override
    void opened(EntityManagerFactory emf) {
        repo = new JpaClusterRepository(emf);
        machines = new JpaMachineRepository(emf);
    }

    /** Every field set, kinds deliberately not in alphabetical order. */
    static ClusterTemplate fullTemplate() {
        Map<String, NodeKind> kinds = new LinkedHashMap<>();
        kinds.put("frontend", new NodeKind("frontend", 1, 1, "debian-12", "large", List.of("slurm_master", "nfs_server"),
                List.of("frontend.sh"), List.of("refresh-frontend.sh", "reload.sh"), Map.of("security_group", "fe")));
        kinds.put("compute", new NodeKind("compute", 10, 4, null, "small", List.of("slurm_worker"),
                List.of("compute.sh", "mount.sh"), List.of("refresh-compute.sh"), Map.of("subnet", "s-1", "zone", "b")));
        kinds.put("aaa-gateway", new NodeKind("aaa-gateway", 0, 0, "img", null, List.of(), List.of(), List.of(), Map.of()));
        return new ClusterTemplate("slurm", "local", "debian", kinds, "script",
                Map.of("slurm_version", "23.02", "motd", "Grüße \"aus\" Nubis\nline 2"),
                Map.of("network", "net-1", "key_name", "nubis"), 600, 1800, "etc/nubis/clusters/slurm.yaml");
    }

    static Cluster cluster(String name) {
        return new Cluster(name, "slurm", fullTemplate(), ClusterState.CREATED, null, SetupState.NOT_RUN, null, T0, null, null);
    }

    static Machine node(String id, String cluster, String kind) {
        return Machine.plannedNode(id, cluster, kind, "local", null, "debian-12", "small", "launch-1", T0);
    }

    @Test
    void createsFindsListsUpdatesAndDeletesClusters() {
        repo.create(cluster("b"));
        repo.create(cluster("a"));
        assertEquals(List.of("a", "b"), repo.list().stream().map(Cluster::name).toList());
        assertEquals(cluster("a"), repo.find("a").orElseThrow());
        assertTrue(repo.find("zzz").isEmpty());

        Instant t1 = T0.plusSeconds(5);
        Instant t2 = T0.plusSeconds(65);
        Cluster started = repo.find("a").orElseThrow().beginPhase(ClusterState.STARTING, t1);
        repo.update(started);
        assertEquals(ClusterState.STARTING, repo.find("a").orElseThrow().state());
        assertEquals(t1, repo.find("a").orElseThrow().phaseStarted());
        assertNull(repo.find("a").orElseThrow().phaseEnded());

        Cluster failed = started.withSpec(started.spec().withKind(started.spec().kinds().get("compute").withCount(3)))
                .withSetup(SetupState.FAILED, "compute-2: exit 1")
                .endPhase(ClusterState.FAILED, "setup failed on 1 node", t2);
        repo.update(failed);
        Cluster reread = repo.find("a").orElseThrow();
        assertEquals(failed, reread);
        assertEquals(3, reread.spec().kinds().get("compute").count());
        assertEquals(List.of("frontend", "compute", "aaa-gateway"), List.copyOf(reread.spec().kinds().keySet()));
        assertEquals(cluster("b"), repo.find("b").orElseThrow(), "the other cluster is untouched");

        NotFoundException missing = assertThrows(NotFoundException.class, () -> repo.update(cluster("nope")));
        assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
        assertTrue(repo.find("nope").isEmpty(), "update never creates");

        repo.delete("a");
        assertTrue(repo.find("a").isEmpty());
        assertEquals(List.of("b"), repo.list().stream().map(Cluster::name).toList());
        repo.delete("a"); // deleting what is gone is fine
    }

    @Test
    void refusesDuplicateNamesEvenWhenCreatedConcurrently() throws Exception {
        repo.create(cluster("x"));
        ConflictException e = assertThrows(ConflictException.class, () -> repo.create(cluster("x")));
        assertEquals("cluster 'x' already exists", e.getMessage());

        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        repo.create(cluster("race"));
                        return true;
                    } catch (ConflictException conflict) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Boolean> f : results) {
                created += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, created, "exactly one create of the same name wins, the others are conflicts");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void specAndLongTextsRoundTripExactly() {
        Map<String, NodeKind> kinds = new LinkedHashMap<>();
        kinds.put("z", new NodeKind("z", 2, 1, null, null, null, null, null, null));
        kinds.put("a", new NodeKind("a", 1, 1, null, null, List.of("g"), null, List.of("r.sh"), Map.of("o", "1")));
        String huge = "x".repeat(300_000) + "é";
        ClusterTemplate minimal = new ClusterTemplate("t", "c", null, kinds, null, Map.of("big", huge), null, 0, 0, null);
        String longText = ("line of a long setup failure — ünïcode\n").repeat(5_000);
        Cluster c = new Cluster("m", "t", minimal, ClusterState.SETTING_UP, longText, SetupState.RUNNING, longText,
                T0, T0, T0.plusMillis(1));
        repo.create(c);
        repo.create(cluster("full"));

        Cluster m = repo.find("m").orElseThrow();
        assertEquals(c, m);
        assertEquals(List.of("z", "a"), List.copyOf(m.spec().kinds().keySet()), "kind order is kept");
        assertEquals(longText, m.stateReason());
        assertEquals(huge, m.spec().setupVars().get("big"));

        Cluster full = repo.find("full").orElseThrow();
        ClusterTemplate spec = full.spec();
        assertEquals(fullTemplate(), spec);
        assertEquals(List.of("frontend", "compute", "aaa-gateway"), List.copyOf(spec.kinds().keySet()));
        NodeKind compute = spec.kinds().get("compute");
        assertEquals(4, compute.minCount());
        assertEquals(List.of("refresh-compute.sh"), compute.refreshScripts());
        assertEquals(List.of("compute.sh", "mount.sh"), compute.setupScripts());
        assertEquals(Map.of("subnet", "s-1", "zone", "b"), compute.options());
        assertNull(compute.image());
        assertEquals("Grüße \"aus\" Nubis\nline 2", spec.setupVars().get("motd"));
        assertEquals(Map.of("network", "net-1", "key_name", "nubis"), spec.options());
        assertEquals(1800, spec.setupTimeoutSeconds());
        assertEquals("etc/nubis/clusters/slurm.yaml", spec.source());

        // Stored as data: labels and JSON, never Java class or enum names.
        EntityManager em = emf.createEntityManager();
        try {
            Object[] row = (Object[]) em.createNativeQuery("SELECT STATE, SETUP, SPEC FROM NUBIS_CLUSTER WHERE NAME = 'm'")
                    .getSingleResult();
            assertEquals("setting-up", row[0]);
            assertEquals("running", row[1]);
            String json = String.valueOf(row[2] instanceof java.sql.Clob clob ? readClob(clob) : row[2]);
            assertTrue(json.startsWith("{\"format\":1,"), json.substring(0, 40));
            assertFalse(json.contains("org.nubis"), "no Java names in stored data");
        } finally {
            em.close();
        }
    }

    private static String readClob(java.sql.Clob clob) {
        try {
            return clob.getSubString(1, (int) clob.length());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nodeNumbersAreNeverHandedOutTwiceEvenUnderConcurrency() throws Exception {
        repo.create(cluster("c"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<String> kinds = List.of("compute", "frontend");
            Map<String, List<Future<Long>>> firsts = new LinkedHashMap<>();
            kinds.forEach(k -> firsts.put(k, new ArrayList<>()));
            for (int i = 0; i < 30; i++) {
                for (String kind : kinds) {
                    Callable<Long> reserve = () -> repo.reserveNodeNumbers("c", kind, 3);
                    firsts.get(kind).add(pool.submit(reserve));
                }
            }
            for (String kind : kinds) {
                Set<Long> numbers = new HashSet<>();
                for (Future<Long> f : firsts.get(kind)) {
                    long first = f.get(60, TimeUnit.SECONDS);
                    for (long n = first; n < first + 3; n++) {
                        assertTrue(numbers.add(n), kind + ": number handed out twice: " + n);
                    }
                }
                assertEquals(90, numbers.size());
                assertEquals(1, numbers.stream().mapToLong(Long::longValue).min().orElseThrow(), kind + " starts at 1");
                assertEquals(91, repo.reserveNodeNumbers("c", kind, 1));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, repo.reserveNodeNumbers("c", "new-kind", 2), "each kind counts on its own");
        assertThrows(NotFoundException.class, () -> repo.reserveNodeNumbers("nope", "compute", 1));
        assertThrows(IllegalArgumentException.class, () -> repo.reserveNodeNumbers("c", "compute", 0));
    }

    @Test
    void deletingAClusterDeletesItsNodesAndCounters() {
        repo.create(cluster("c"));
        repo.create(cluster("other"));
        repo.reserveNodeNumbers("c", "compute", 5);
        repo.reserveNodeNumbers("other", "compute", 2);
        machines.save(List.of(node("c-compute-1", "c", "compute"), node("other-compute-1", "other", "compute")));

        repo.delete("c");
        assertFalse(repo.find("c").isPresent());
        assertTrue(machines.ofCluster("c").isEmpty());
        assertEquals(1, machines.ofCluster("other").size());
        assertEquals(3, repo.reserveNodeNumbers("other", "compute", 1), "the other cluster's counter is untouched");

        repo.create(cluster("c"));
        assertEquals(1, repo.reserveNodeNumbers("c", "compute", 1), "a new cluster of the same name starts afresh");
        EntityManager em = emf.createEntityManager();
        try {
            assertEquals(1L, ((Number) em.createQuery("SELECT COUNT(n) FROM NodeCounterEntity n WHERE n.cluster = 'c'")
                    .getSingleResult()).longValue());
        } finally {
            em.close();
        }
    }

    @Test
    void dataSurvivesReopeningTheDatabase() throws Exception {
        Cluster c = cluster("c").beginPhase(ClusterState.RUNNING, T0);
        repo.create(c);
        repo.reserveNodeNumbers("c", "compute", 4);
        Machine n = node("c-compute-1", "c", "compute").withState(InstanceState.STOPPED, "stopped by the cloud");
        machines.save(List.of(n));
        reopen();

        assertEquals(c, repo.find("c").orElseThrow());
        assertEquals(List.of(n), machines.ofCluster("c"));
        assertEquals(5, repo.reserveNodeNumbers("c", "compute", 1));
    }
}
