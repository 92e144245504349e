package org.nubis.repository.jpa;

import java.nio.file.Path;

/** ExperimentRepositoryContract on PostgreSQL, in a schema of its own (skipped when PostgreSQL is not there, except with CI=true). */
class PostgresExperimentRepositoryTest extends ExperimentRepositoryContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return PostgresDatabase.create(dir, getClass());
    }
}
