package org.nubis.repository.jpa;

import java.io.IOException;
import java.io.Reader;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import javax.persistence.EntityManager;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;

/**
 * Moves the machine records of databases made before there was one machine table: experiment
 * instances ({@code NUBIS_INSTANCE}) and cluster nodes ({@code NUBIS_NODE}) become rows of
 * {@code NUBIS_MACHINE}, and the old tables are dropped, in one transaction. Rows already moved
 * are skipped, so a move cut short (H2 commits at each DROP) finishes on the next start.
 */
final class LegacyMachineTables {

    private static final String INSTANCES = "NUBIS_INSTANCE";
    private static final String NODES = "NUBIS_NODE";

    private LegacyMachineTables() {
    }

    /** @return how many records were moved */
    static int migrate(Transactions tx) {
        return tx.call(em -> {
            int moved = 0;
            if (exists(em, INSTANCES)) {
                moved += move(em, "SELECT ID, EXPERIMENT, CLOUD, CLOUD_ID, STATE, STATE_REASON, TAGS, PUBLIC_HOST, PRIVATE_HOST,"
                        + " SSH_PORT, SSH_USER, IMAGE, FLAVOR, CREATED_AT_MS FROM " + INSTANCES, LegacyMachineTables::instance);
                em.createNativeQuery("DROP TABLE " + INSTANCES).executeUpdate();
            }
            if (exists(em, NODES)) {
                moved += move(em, "SELECT ID, CLUSTER, KIND, CLOUD, CLOUD_ID, STATE, STATE_REASON, PUBLIC_HOST, PRIVATE_HOST,"
                        + " SSH_PORT, SSH_USER, IMAGE, FLAVOR, LAUNCH, CREATED_AT_MS, READY_AT_MS, SETUP, SETUP_MESSAGE FROM "
                        + NODES, LegacyMachineTables::node);
                em.createNativeQuery("DROP TABLE " + NODES).executeUpdate();
            }
            return moved;
        });
    }

    private static int move(EntityManager em, String select, Function<Object[], Machine> row) {
        int moved = 0;
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(select).getResultList();
        for (Object[] r : rows) {
            Machine m = row.apply(r);
            if (em.find(MachineEntity.class, MachineEntity.keyOf(m)) == null) {
                em.persist(MachineEntity.from(m));
                moved++;
            }
        }
        em.flush();
        return moved;
    }

    private static Machine instance(Object[] r) {
        TreeSet<String> tags = new TreeSet<>();
        String t = text(r[6]);
        if (t != null && !t.isBlank()) {
            tags.addAll(Arrays.asList(t.split(" ")));
        }
        return new Machine(text(r[0]), text(r[1]), null, null, text(r[2]), text(r[3]), state(r[4]), text(r[5]), tags,
                text(r[7]), text(r[8]), number(r[9]).intValue(), text(r[10]), text(r[11]), text(r[12]), null,
                Instant.ofEpochMilli(number(r[13]).longValue()), null, null, null);
    }

    private static Machine node(Object[] r) {
        String id = text(r[0]);
        String cluster = text(r[1]);
        String kind = text(r[2]);
        String cloud = text(r[3]);
        // Nodes had no tags: they get the ones new nodes get.
        TreeSet<String> tags = new TreeSet<>(List.of(id, cluster, kind));
        if (cloud != null) {
            tags.add(cloud);
        }
        Number readyAt = number(r[15]);
        String setup = text(r[16]);
        return new Machine(id, null, cluster, kind, cloud, text(r[4]), state(r[5]), text(r[6]), tags, text(r[7]),
                text(r[8]), number(r[9]).intValue(), text(r[10]), text(r[11]), text(r[12]), text(r[13]),
                Instant.ofEpochMilli(number(r[14]).longValue()), readyAt == null ? null : Instant.ofEpochMilli(readyAt.longValue()),
                setup == null ? null : SetupState.parse(setup), text(r[17]));
    }

    private static InstanceState state(Object value) {
        String label = text(value);
        return label == null ? InstanceState.PENDING : InstanceState.parse(label);
    }

    private static Number number(Object value) {
        return (Number) value;
    }

    /** Large text columns come back as a {@link Clob} on some databases. */
    private static String text(Object value) {
        if (value instanceof Clob clob) {
            try (Reader in = clob.getCharacterStream()) {
                StringBuilder s = new StringBuilder();
                char[] buffer = new char[4096];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    s.append(buffer, 0, n);
                }
                return s.toString();
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("cannot read a text column of an old machine table", e);
            }
        }
        return value == null ? null : value.toString();
    }

    private static boolean exists(EntityManager em, String table) {
        try {
            Connection c = em.unwrap(Connection.class);
            DatabaseMetaData meta = c.getMetaData();
            String name = meta.storesLowerCaseIdentifiers() ? table.toLowerCase(Locale.ROOT) : table;
            try (ResultSet rs = meta.getTables(null, c.getSchema(), name, new String[] {"TABLE"})) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the database's tables", e);
        }
    }
}
