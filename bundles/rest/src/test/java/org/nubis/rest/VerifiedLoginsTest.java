package org.nubis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedLoginsTest {

    private final MovableClock clock = new MovableClock();
    private final VerifiedLogins logins = new VerifiedLogins(clock);

    @Test
    void aVerifiedPasswordIsTakenForAMinuteAndNoOtherIs() {
        assertNull(logins.roles("ann", "s3cret"));
        logins.remember("ann", "s3cret", Set.of("viewer"));
        assertEquals(Set.of("viewer"), logins.roles("ann", "s3cret"));
        assertNull(logins.roles("ann", "s3cre"), "another password is checked in full");
        assertNull(logins.roles("bob", "s3cret"));
        clock.move(VerifiedLogins.TTL.minus(Duration.ofSeconds(1)));
        assertEquals(Set.of("viewer"), logins.roles("ann", "s3cret"));
        clock.move(Duration.ofSeconds(1));
        assertNull(logins.roles("ann", "s3cret"), "a minute later it is checked again (a changed password or role shows)");
    }
}
