package org.nubis.repository.jpa;

import java.nio.file.Path;
import javax.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Opens a fresh database for each test; a concrete subclass says which kind (H2, PostgreSQL). */
abstract class DatabaseTestBase {

    @TempDir
    Path dir;
    TestDatabase db;
    EntityManagerFactory emf;

    abstract TestDatabase newDatabase(Path dir) throws Exception;

    /** The unit was (re)opened: build what the tests use on it. */
    abstract void opened(EntityManagerFactory emf);

    /** Called with the new, empty database before the unit first opens it. */
    void beforeOpen(TestDatabase database) throws Exception {
        // nothing by default
    }

    @BeforeEach
    void openDatabase() throws Exception {
        db = newDatabase(dir);
        beforeOpen(db);
        emf = db.open();
        opened(emf);
    }

    /** Closes the unit and opens it again on the same data. */
    void reopen() throws Exception {
        emf.close();
        emf = db.open();
        opened(emf);
    }

    @AfterEach
    void closeDatabase() throws Exception {
        try {
            if (emf != null && emf.isOpen()) {
                emf.close();
            }
        } finally {
            if (db != null) {
                db.drop();
            }
        }
    }
}
