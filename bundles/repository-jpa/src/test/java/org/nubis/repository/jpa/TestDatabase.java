package org.nubis.repository.jpa;

import javax.persistence.EntityManagerFactory;

/** A database for one test: opened (and re-opened) as often as the test likes, dropped at the end. */
interface TestDatabase {

    /** Opens the persistence unit on this database; the same data each time. */
    EntityManagerFactory open() throws Exception;

    /** Drops what the test created. */
    void drop() throws Exception;
}
