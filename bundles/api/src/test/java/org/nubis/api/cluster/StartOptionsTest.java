package org.nubis.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.nubis.api.InvalidRequestException;

class StartOptionsTest {

    @Test
    void minNodesBelowZeroAndATimeoutThatIsNotPositiveAreRefusedWhereTheOptionsAreMade() {
        assertEquals("minNodes must be 0 or more, not -1",
                assertThrows(InvalidRequestException.class, () -> new StartOptions(-1, null)).getMessage());
        assertEquals("the start timeout must be positive, not 0 s",
                assertThrows(InvalidRequestException.class, () -> new StartOptions(null, Duration.ZERO)).getMessage());
        assertThrows(InvalidRequestException.class, () -> new StartOptions(2, Duration.ofSeconds(-5)));
        assertEquals(0, new StartOptions(0, Duration.ofSeconds(1)).minNodes());
        assertEquals(new StartOptions(null, null), StartOptions.all());
    }
}
