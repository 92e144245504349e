package org.nubis.repository.jpa;

import java.nio.file.Path;

/** ClusterRepositoryContract on PostgreSQL, in a schema of its own (skipped when PostgreSQL is not there, except with CI=true). */
class PostgresClusterRepositoryTest extends ClusterRepositoryContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return PostgresDatabase.create(dir, getClass());
    }
}
