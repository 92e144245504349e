package org.nubis.repository.jpa;

import java.sql.Connection;
import javax.persistence.EntityManagerFactory;

/** A database for one test: opened (and re-opened) as often as the test likes, dropped at the end. */
interface TestDatabase {

    /** Opens the persistence unit on this database; the same data each time. */
    EntityManagerFactory open() throws Exception;

    /** A plain JDBC connection to the same data, for what a test sets up behind the unit's back. */
    Connection connect() throws Exception;

    /** How the database spells the type EclipseLink gives a {@code @Lob} text column. */
    String lobType();

    /** Drops what the test created. */
    void drop() throws Exception;
}
