package org.nubis.core.experiment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nubis.api.InvalidRequestException;

class NamesTest {

    @Test
    void experimentNamesAreShortAndSafeInIdsAndFileNames() {
        for (String ok : List.of("demo", "Run_2.b", "x", "a".repeat(48))) {
            assertDoesNotThrow(() -> Names.checkExperiment(ok));
        }
        for (String bad : List.of("", "-lead", "has space", "semi;colon", "a".repeat(49), "slash/x")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Names.checkExperiment(bad));
            assertTrue(e.getMessage().startsWith("invalid experiment name '" + bad + "'"), e.getMessage());
        }
        assertThrows(InvalidRequestException.class, () -> Names.checkExperiment(null));
    }

    @Test
    void aHugeInvalidValueIsNotEchoedWhole() {
        String huge = "!".repeat(10_000_000);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Names.checkExperiment(huge));
        assertTrue(e.getMessage().length() < 300, e.getMessage().length() + " characters");
        assertTrue(e.getMessage().startsWith("invalid experiment name '" + "!".repeat(80) + "... (10000000 characters)'"),
                e.getMessage().substring(0, 150));
        InvalidRequestException t = assertThrows(InvalidRequestException.class, () -> Names.checkTags(List.of(huge)));
        assertTrue(t.getMessage().length() < 300, t.getMessage().length() + " characters");
    }

    @Test
    void tagsAllowKeyValueStylesButNoWhiteSpace() {
        assertDoesNotThrow(() -> Names.checkTags(List.of("worker", "role=db", "zone:eu-1", "team@lab", "a/b")));
        assertThrows(InvalidRequestException.class, () -> Names.checkTags(List.of("two words")));
        assertThrows(InvalidRequestException.class, () -> Names.checkTags(List.of("")));
        assertThrows(InvalidRequestException.class, () -> Names.checkTags(List.of("x".repeat(65))));
    }
}
