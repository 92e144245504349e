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
    void aLoginUserIsALoginNameNeverAnOptionOrAPath() {
        for (String ok : List.of("root", "ec2-user", "Administrator", "debian_12", "u.name")) {
            assertDoesNotThrow(() -> Names.checkLogin(ok));
        }
        assertDoesNotThrow(() -> Names.checkLogin(null)); // each instance's own
        for (String bad : List.of("", "-oProxyCommand=x", "../../etc", "$(id)", "a b", "a;b", "x".repeat(33), ".hidden")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Names.checkLogin(bad));
            assertTrue(e.getMessage().startsWith("invalid login user '"), e.getMessage());
        }
    }

    @Test
    void tagsAllowKeyValueStylesButNoWhiteSpace() {
        assertDoesNotThrow(() -> Names.checkTags(List.of("worker", "role=db", "zone:eu-1", "team@lab", "a/b")));
        assertThrows(InvalidRequestException.class, () -> Names.checkTags(List.of("two words")));
        assertThrows(InvalidRequestException.class, () -> Names.checkTags(List.of("")));
        assertThrows(InvalidRequestException.class, () -> Names.checkTags(List.of("x".repeat(65))));
    }
}
