package org.nubis.repository.jpa;

import java.nio.file.Path;

/** MachineRepositoryContract on PostgreSQL (skipped with a printed reason when it is not there, except with CI=true). */
class PostgresMachineRepositoryTest extends MachineRepositoryContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return PostgresDatabase.create(dir, getClass());
    }
}
