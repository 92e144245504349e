package org.nubis.repository.jpa;

import java.nio.file.Path;

/** MachineRepositoryContract on a real H2 database file. */
class H2MachineRepositoryTest extends MachineRepositoryContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return new H2Database(dir);
    }
}
