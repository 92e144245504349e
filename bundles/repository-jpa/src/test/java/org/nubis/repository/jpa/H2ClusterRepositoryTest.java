package org.nubis.repository.jpa;

import java.nio.file.Path;

/** ClusterRepositoryContract on a real H2 database file. */
class H2ClusterRepositoryTest extends ClusterRepositoryContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return new H2Database(dir);
    }
}
