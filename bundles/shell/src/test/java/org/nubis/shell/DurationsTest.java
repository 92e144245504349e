package org.nubis.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shortTimesGetTwoDecimalsLongerOnesOne() {
        assertEquals("0.00 s", Durations.seconds(Duration.ZERO));
        assertEquals("0.21 s", Durations.seconds(Duration.ofMillis(210)));
        assertEquals("0.01 s", Durations.seconds(Duration.ofMillis(5)), "rounded half up");
        assertEquals("9.99 s", Durations.seconds(Duration.ofMillis(9_990)));
        assertEquals("10.0 s", Durations.seconds(Duration.ofSeconds(10)));
        assertEquals("12.5 s", Durations.seconds(Duration.ofMillis(12_540)));
        assertEquals("3725.0 s", Durations.seconds(Duration.ofMinutes(62).plusSeconds(5)), "no minutes: easy to compare");
    }

    @Test
    void noDurationIsZero() {
        assertEquals("0.00 s", Durations.seconds(null));
    }
}
