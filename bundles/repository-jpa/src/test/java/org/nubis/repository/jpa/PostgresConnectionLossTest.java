package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.nubis.api.experiment.Experiment;

/**
 * The database drops every connection while Nubis runs (a PostgreSQL restart, as its clients see
 * it): no write that reported success is lost, and the writes after it succeed without a restart
 * of Nubis. The connections are ended with pg_terminate_backend, which the test's own role may do.
 */
class PostgresConnectionLossTest extends DatabaseTestBase {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private JpaExperimentRepository repo;

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return PostgresDatabase.create(dir, getClass());
    }

    @Override
    void opened(EntityManagerFactory emf) {
        repo = new JpaExperimentRepository(emf);
    }

    @Test
    void writesGoOnAfterTheDatabaseDropsEveryConnection() throws Exception {
        List<String> written = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                String name = "e" + round + "-" + i;
                repo.create(new Experiment(name, T0));
                written.add(name);
            }
            Instant dropped = databaseNow();
            assertTrue(dropOtherConnections() > 0, "the unit had connections open to drop");
            repo.create(new Experiment("after-" + round, T0));
            written.add("after-" + round);
            // the drop hit the unit: the write after it ran on a connection opened since
            assertTrue(connectionsOpenedSince(dropped) > 0, "the unit reconnected after round " + round);
        }
        assertEquals(written.stream().sorted().toList(), repo.list().stream().map(Experiment::name).sorted().toList());
    }

    private Instant databaseNow() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT clock_timestamp()")) {
            r.next();
            return r.getTimestamp(1).toInstant();
        }
    }

    /** Connections of this role, but the one asking, that were opened after that moment. */
    private int connectionsOpenedSince(Instant moment) throws Exception {
        try (Connection c = db.connect(); java.sql.PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE usename = current_user AND pid <> pg_backend_pid() AND datname = current_database()"
                + " AND backend_start > ?")) {
            s.setTimestamp(1, java.sql.Timestamp.from(moment));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** Ends every connection of this role but the one asking; returns how many. */
    private int dropOtherConnections() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE usename = current_user AND pid <> pg_backend_pid() AND datname = current_database()")) {
            r.next();
            return r.getInt(1);
        }
    }
}
