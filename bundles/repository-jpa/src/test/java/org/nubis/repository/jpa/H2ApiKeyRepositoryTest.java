package org.nubis.repository.jpa;

import java.nio.file.Path;

/** ApiKeyRepositoryContract on a real H2 database file. */
class H2ApiKeyRepositoryTest extends ApiKeyRepositoryContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return new H2Database(dir);
    }
}
