package org.nubis.repository.jpa;

import java.nio.file.Path;

/** ExperimentRepositoryContract on a real H2 database file. */
class H2ExperimentRepositoryTest extends ExperimentRepositoryContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return new H2Database(dir);
    }
}
