package org.nubis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock,
            new LoginThrottle.Policy(6, 3, Duration.ofMinutes(15), Duration.ofSeconds(60)));

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.check(user, address);
            throttle.failed(user, address);
        }
    }

    @Test
    void aUserIsRefusedForADelayThatDoublesAndEnds() {
        fail("ann", "203.0.113.9", 2);
        throttle.check("ann", "203.0.113.9");
        throttle.failed("ann", "203.0.113.9");
        LoginThrottle.TooManyAttempts first = assertThrows(LoginThrottle.TooManyAttempts.class,
                () -> throttle.check("ann", "198.51.100.7"));
        assertEquals(1, first.retryAfterSeconds());
        assertEquals("too_many_requests", first.code());
        clock.move(Duration.ofSeconds(1));
        fail("ann", "198.51.100.7", 1);
        assertEquals(2, assertThrows(LoginThrottle.TooManyAttempts.class, () -> throttle.check("ann", "192.0.2.1"))
                .retryAfterSeconds());
        throttle.check("bob", "192.0.2.1"); // other users are not held back
        clock.move(Duration.ofSeconds(2));
        throttle.check("ann", "192.0.2.1");
    }

    @Test
    void theDelayHasACeilingAndTheFailuresAreForgottenAfterTheWindow() {
        for (int i = 0; i < 20; i++) {
            clock.move(Duration.ofMinutes(2));
            fail("ann", "203.0.113." + i, 1);
        }
        assertEquals(60, assertThrows(LoginThrottle.TooManyAttempts.class, () -> throttle.check("ann", "192.0.2.1"))
                .retryAfterSeconds());
        clock.move(Duration.ofMinutes(16));
        fail("ann", "192.0.2.1", 1);
        throttle.check("ann", "192.0.2.1"); // one failure in a new window
    }

    @Test
    void anAddressIsRefusedWhateverUserItNames() {
        for (int i = 0; i < 6; i++) {
            fail("user" + i, "203.0.113.9", 1);
        }
        assertThrows(LoginThrottle.TooManyAttempts.class, () -> throttle.check("someone", "203.0.113.9"));
        throttle.check("someone", "198.51.100.7");
    }

    @Test
    void anAttackerCannotLockAUserOutOfTheAddressesItLogsInFrom() {
        throttle.succeeded("ann", "192.0.2.1");
        fail("ann", "203.0.113.9", 3);
        assertThrows(LoginThrottle.TooManyAttempts.class, () -> throttle.check("ann", "198.51.100.7"));
        throttle.check("ann", "192.0.2.1"); // her own address stays open

        // and her own mistakes there are counted against that address only
        fail("ann", "192.0.2.1", 5);
        throttle.check("ann", "192.0.2.1");
        throttle.failed("ann", "192.0.2.1");
        assertThrows(LoginThrottle.TooManyAttempts.class, () -> throttle.check("ann", "192.0.2.1"));
    }
}
