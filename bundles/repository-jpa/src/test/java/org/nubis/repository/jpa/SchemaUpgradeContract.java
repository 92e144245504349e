package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;

/**
 * A database made by Nubis 0.2 (experiment instances and cluster nodes in tables of their own)
 * opened by this version: experiments, clusters and every machine record are still there, as
 * machines, and the old tables are gone. The 0.2 tables are created with the DDL EclipseLink
 * generated for them then (dumped from H2 and PostgreSQL databases made by that version).
 */
abstract class SchemaUpgradeContract extends DatabaseTestBase {

    private static final long T0 = 1_764_000_000_000L;
    private static final long T1 = T0 + 30_000;

    JpaExperimentRepository experiments;
    JpaClusterRepository clusters;
    JpaMachineRepository machines;

    @Override
    void opened(EntityManagerFactory emf) {
        experiments = new JpaExperimentRepository(emf);
        clusters = new JpaClusterRepository(emf);
        machines = new JpaMachineRepository(emf);
    }

    @Override
    void beforeOpen(TestDatabase database) throws Exception {
        String lob = database.lobType();
        String spec = ClusterSpecJson.write(ClusterRepositoryContract.fullTemplate()).replace("'", "''");
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE NUBIS_EXPERIMENT (NAME VARCHAR(64) NOT NULL, CREATED_AT_MS BIGINT NOT NULL,"
                    + " NEXT_NUMBER BIGINT NOT NULL, PRIMARY KEY (NAME))");
            s.execute("CREATE TABLE NUBIS_INSTANCE (ID VARCHAR(100) NOT NULL, CLOUD VARCHAR(64) NOT NULL,"
                    + " CLOUD_ID VARCHAR(255), CREATED_AT_MS BIGINT NOT NULL, EXPERIMENT VARCHAR(64) NOT NULL,"
                    + " FLAVOR VARCHAR(255), IMAGE VARCHAR(255), PRIVATE_HOST VARCHAR(255), PUBLIC_HOST VARCHAR(255),"
                    + " SSH_PORT INTEGER NOT NULL, SSH_USER VARCHAR(64), STATE VARCHAR(32) NOT NULL,"
                    + " STATE_REASON VARCHAR(1000), TAGS VARCHAR(4000) NOT NULL, PRIMARY KEY (ID))");
            s.execute("CREATE INDEX NUBIS_INSTANCE_EXPERIMENT ON NUBIS_INSTANCE (EXPERIMENT)");
            s.execute("CREATE TABLE NUBIS_CLUSTER (NAME VARCHAR(64) NOT NULL, CREATED_AT_MS BIGINT NOT NULL,"
                    + " PHASE_ENDED_MS BIGINT, PHASE_STARTED_MS BIGINT, SETUP VARCHAR(32), SETUP_MESSAGE " + lob + ","
                    + " SPEC " + lob + ", STATE VARCHAR(32) NOT NULL, STATE_REASON " + lob + ", TEMPLATE VARCHAR(255),"
                    + " PRIMARY KEY (NAME))");
            createNodeTable(s, lob);
            s.execute("CREATE TABLE NUBIS_NODE_COUNTER (CLUSTER VARCHAR(64) NOT NULL, KIND VARCHAR(64) NOT NULL,"
                    + " NEXT_NUMBER BIGINT NOT NULL, PRIMARY KEY (CLUSTER, KIND))");

            s.execute("INSERT INTO NUBIS_EXPERIMENT VALUES ('demo', " + T0 + ", 4), ('hpc-compute', " + T0 + ", 2)");
            s.execute("INSERT INTO NUBIS_INSTANCE (ID, CLOUD, CLOUD_ID, CREATED_AT_MS, EXPERIMENT, FLAVOR, IMAGE,"
                    + " PRIVATE_HOST, PUBLIC_HOST, SSH_PORT, SSH_USER, STATE, STATE_REASON, TAGS) VALUES"
                    + " ('demo-1', 'local', 'i-1', " + T0 + ", 'demo', 'small', 'sandbox', '10.0.0.1', '127.0.0.1', 40001,"
                    + "  'me', 'running', NULL, 'demo demo-1 local worker'),"
                    + " ('demo-3', 'local', NULL, " + T1 + ", 'demo', 'small', 'sandbox', NULL, NULL, 0, NULL, 'pending',"
                    + "  'requested', 'demo demo-3 local'),"
                    + " ('hpc-compute-1', 'local', 'i-9', " + T0 + ", 'hpc-compute', 'small', 'sandbox', NULL, NULL, 0,"
                    + "  NULL, 'terminated', 'no longer known to cloud ''local''', 'hpc-compute hpc-compute-1 local')");
            s.execute("INSERT INTO NUBIS_CLUSTER (NAME, CREATED_AT_MS, PHASE_ENDED_MS, PHASE_STARTED_MS, SETUP,"
                    + " SETUP_MESSAGE, SPEC, STATE, STATE_REASON, TEMPLATE) VALUES ('hpc', " + T0 + ", " + T1 + ", " + T0
                    + ", 'done', NULL, '" + spec + "', 'running', NULL, 'slurm')");
            s.execute("INSERT INTO NUBIS_NODE (ID, CLOUD, CLOUD_ID, CLUSTER, CREATED_AT_MS, FLAVOR, IMAGE, KIND, LAUNCH,"
                    + " PRIVATE_HOST, PUBLIC_HOST, READY_AT_MS, SETUP, SETUP_MESSAGE, SSH_PORT, SSH_USER, STATE, STATE_REASON)"
                    + " VALUES ('hpc-compute-1', 'local', 'i-2', 'hpc', " + T0 + ", 'small', 'debian-12', 'compute', 'L1',"
                    + "  '10.0.0.2', '127.0.0.1', " + T1 + ", 'failed', '" + "m".repeat(5000) + "', 40002, 'debian',"
                    + "  'running', NULL),"
                    + " ('hpc-frontend-1', NULL, NULL, 'hpc', " + T1 + ", NULL, NULL, 'frontend', 'L2', NULL, NULL, NULL,"
                    + "  'not-run', NULL, 0, NULL, NULL, NULL)");
            s.execute("INSERT INTO NUBIS_NODE_COUNTER VALUES ('hpc', 'compute', 2), ('hpc', 'frontend', 2)");
        }
    }

    private static void createNodeTable(Statement s, String lob) throws Exception {
        s.execute("CREATE TABLE NUBIS_NODE (ID VARCHAR(200) NOT NULL, CLOUD VARCHAR(64), CLOUD_ID VARCHAR(255),"
                + " CLUSTER VARCHAR(64) NOT NULL, CREATED_AT_MS BIGINT NOT NULL, FLAVOR VARCHAR(255), IMAGE VARCHAR(255),"
                + " KIND VARCHAR(64) NOT NULL, LAUNCH VARCHAR(255), PRIVATE_HOST VARCHAR(255), PUBLIC_HOST VARCHAR(255),"
                + " READY_AT_MS BIGINT, SETUP VARCHAR(32), SETUP_MESSAGE " + lob + ", SSH_PORT INTEGER NOT NULL,"
                + " SSH_USER VARCHAR(64), STATE VARCHAR(32), STATE_REASON " + lob + ", PRIMARY KEY (ID))");
        s.execute("CREATE INDEX NUBIS_NODE_CLUSTER ON NUBIS_NODE (CLUSTER)");
    }

    private static TreeSet<String> tags(String... tags) {
        return new TreeSet<>(Set.of(tags));
    }

    @Test
    void experimentsAndTheirInstancesSurvive() {
        assertEquals(Instant.ofEpochMilli(T0), experiments.find("demo").orElseThrow().createdAt());
        assertEquals(4, experiments.reserveInstanceNumbers("demo", 1), "instance numbers go on where they were");
        assertEquals(List.of(
                new Machine("demo-1", "demo", null, null, "local", "i-1", InstanceState.RUNNING, null,
                        tags("demo", "demo-1", "local", "worker"), "127.0.0.1", "10.0.0.1", 40001, "me", "sandbox", "small",
                        null, Instant.ofEpochMilli(T0), null, null, null),
                new Machine("demo-3", "demo", null, null, "local", null, InstanceState.PENDING, "requested",
                        tags("demo", "demo-3", "local"), null, null, 0, null, "sandbox", "small", null,
                        Instant.ofEpochMilli(T1), null, null, null)),
                machines.ofExperiment("demo"));
    }

    @Test
    void clustersAndTheirNodesSurvive() {
        Cluster hpc = clusters.find("hpc").orElseThrow();
        assertEquals(ClusterState.RUNNING, hpc.state());
        assertEquals(ClusterRepositoryContract.fullTemplate(), hpc.spec());
        assertEquals(2, clusters.reserveNodeNumbers("hpc", "compute", 1), "node numbers go on where they were");
        assertEquals(List.of(
                new Machine("hpc-compute-1", null, "hpc", "compute", "local", "i-2", InstanceState.RUNNING, null,
                        tags("hpc-compute-1", "hpc", "compute", "local"), "127.0.0.1", "10.0.0.2", 40002, "debian",
                        "debian-12", "small", "L1", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T1), SetupState.FAILED,
                        "m".repeat(5000)),
                new Machine("hpc-frontend-1", null, "hpc", "frontend", null, null, InstanceState.PENDING, null,
                        tags("hpc-frontend-1", "hpc", "frontend"), null, null, 0, null, null, null, "L2",
                        Instant.ofEpochMilli(T1), null, SetupState.NOT_RUN, null)),
                machines.ofCluster("hpc"));
    }

    @Test
    void anInstanceAndANodeOfTheSameIdBothSurvive() {
        assertEquals("i-9", machines.ofExperiment("hpc-compute").get(0).cloudId());
        assertEquals("i-2", machines.ofCluster("hpc").get(0).cloudId());
    }

    @Test
    void theOldTablesAreGoneAndReopeningChangesNothing() throws Exception {
        assertFalse(tableExists("NUBIS_INSTANCE"));
        assertFalse(tableExists("NUBIS_NODE"));
        List<Machine> before = machines.ofCluster("hpc");
        reopen();
        assertEquals(before, machines.ofCluster("hpc"));
        assertEquals(2, machines.ofExperiment("demo").size());
    }

    @Test
    void aMoveCutShortFinishesOnTheNextStart() throws Exception {
        // As if the process died after the instances moved but before the node table was dropped:
        // the node table is there again with a node already moved and one that was not.
        emf.close();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            createNodeTable(s, db.lobType());
            s.execute("INSERT INTO NUBIS_NODE (ID, CLUSTER, CREATED_AT_MS, KIND, SSH_PORT, STATE) VALUES"
                    + " ('hpc-compute-1', 'hpc', " + T0 + ", 'compute', 0, 'pending'),"
                    + " ('hpc-compute-5', 'hpc', " + T1 + ", 'compute', 0, 'stopped')");
        }
        emf = db.open();
        opened(emf);
        List<Machine> nodes = machines.ofCluster("hpc");
        assertEquals(List.of("hpc-compute-1", "hpc-compute-5", "hpc-frontend-1"), nodes.stream().map(Machine::id).toList());
        assertEquals(InstanceState.RUNNING, nodes.get(0).state(), "a record moved before is not overwritten");
        assertEquals(InstanceState.STOPPED, nodes.get(1).state());
        assertNull(nodes.get(1).cloud());
        assertFalse(tableExists("NUBIS_NODE"));
    }

    private boolean tableExists(String table) throws Exception {
        try (Connection c = db.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            String name = meta.storesLowerCaseIdentifiers() ? table.toLowerCase(Locale.ROOT) : table;
            try (ResultSet rs = meta.getTables(null, c.getSchema(), name, new String[] {"TABLE"})) {
                return rs.next();
            }
        }
    }
}
