package org.nubis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nubis.api.InvalidRequestException;

class PageTest {

    private final List<Integer> all = IntStream.range(0, 250).boxed().toList();

    @Test
    void pagesWalkTheWholeListInOrder() {
        Page<Integer> first = Page.of(all, null, null);
        assertEquals(100, first.items().size());
        assertEquals(250, first.total());
        assertTrue(first.hasMore());
        Page<Integer> last = Page.of(all, 200, 100);
        assertEquals(List.of(200, 249), List.of(last.items().get(0), last.items().get(49)));
        assertFalse(last.hasMore());
        assertEquals(List.of(), Page.of(all, 300, 10).items(), "past the end: an empty page, not an error");
    }

    @Test
    void badBoundsAreTheCallersToFix() {
        assertThrows(InvalidRequestException.class, () -> Page.of(all, -1, 10));
        assertThrows(InvalidRequestException.class, () -> Page.of(all, 0, 0));
        assertThrows(InvalidRequestException.class, () -> Page.of(all, 0, 1001));
    }
}
