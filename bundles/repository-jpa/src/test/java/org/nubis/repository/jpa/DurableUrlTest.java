package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DurableUrlTest {

    @Test
    void h2CommitsReachTheFileAtOnceUnlessTheUrlSaysOtherwise() {
        assertEquals("jdbc:h2:file:/d/nubis;WRITE_DELAY=0", PersistenceUnit.durable("jdbc:h2:file:/d/nubis"));
        assertEquals("jdbc:h2:file:/d/nubis;write_delay=100", PersistenceUnit.durable("jdbc:h2:file:/d/nubis;write_delay=100"));
        assertEquals("jdbc:postgresql://db/nubis", PersistenceUnit.durable("jdbc:postgresql://db/nubis"));
    }
}
