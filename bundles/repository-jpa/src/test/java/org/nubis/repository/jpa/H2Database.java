package org.nubis.repository.jpa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import javax.persistence.EntityManagerFactory;

/** A fresh H2 database file in a test's temporary directory. */
final class H2Database implements TestDatabase {

    private final Path dir;

    H2Database(Path dir) {
        this.dir = dir;
    }

    @Override
    public EntityManagerFactory open() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        return PersistenceUnit.open(url(), "nubis", "", root);
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("db/nubis");
    }

    @Override
    public Connection connect() throws Exception {
        return DriverManager.getConnection(PersistenceUnit.durable(url()), "nubis", "");
    }

    @Override
    public String lobType() {
        return "CHARACTER VARYING";
    }

    @Override
    public void drop() {
        // the temporary directory goes with the test
    }
}
