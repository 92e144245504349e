package org.nubis.repository.jpa;

import java.nio.file.Path;

/** ApiKeyRepositoryContract on PostgreSQL, in a schema of its own (skipped when PostgreSQL is not there, except with CI=true). */
class PostgresApiKeyRepositoryTest extends ApiKeyRepositoryContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return PostgresDatabase.create(dir, getClass());
    }
}
