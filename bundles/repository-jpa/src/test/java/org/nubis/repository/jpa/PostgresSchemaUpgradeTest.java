package org.nubis.repository.jpa;

import java.nio.file.Path;

/** SchemaUpgradeContract on PostgreSQL (skipped with a printed reason when it is not there, except with CI=true). */
class PostgresSchemaUpgradeTest extends SchemaUpgradeContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return PostgresDatabase.create(dir, getClass());
    }
}
