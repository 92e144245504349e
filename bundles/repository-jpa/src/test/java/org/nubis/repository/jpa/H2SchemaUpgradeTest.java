package org.nubis.repository.jpa;

import java.nio.file.Path;

/** SchemaUpgradeContract on a real H2 database file. */
class H2SchemaUpgradeTest extends SchemaUpgradeContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return new H2Database(dir);
    }
}
