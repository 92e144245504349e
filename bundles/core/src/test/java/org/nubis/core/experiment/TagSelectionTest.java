package org.nubis.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.machine.Machine;

class TagSelectionTest {

    private static Machine instance(String id, String... tags) {
        return Machine.plannedInstance(id, "exp", "local", Set.of(tags), "i", "f", null, Instant.EPOCH)
                .withState(InstanceState.RUNNING, null);
    }

    private final List<Machine> all = List.of(instance("exp-1", "worker", "gpu"), instance("exp-2", "worker"), instance("exp-3", "head"));

    @Test
    void noTagsSelectsEverything() {
        assertEquals(all, TagSelection.select("exp", all, Set.of()));
    }

    @Test
    void severalTagsSelectInstancesCarryingAllOfThem() {
        assertEquals(List.of("exp-1", "exp-2"), ids(TagSelection.select("exp", all, Set.of("worker"))));
        assertEquals(List.of("exp-1"), ids(TagSelection.select("exp", all, Set.of("worker", "gpu"))));
        assertEquals(List.of("exp-3"), ids(TagSelection.select("exp", all, Set.of("exp-3"))));
    }

    @Test
    void tagsThatMatchNothingAreAnErrorNamingTheTagsInUse() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> TagSelection.select("exp", all, Set.of("head", "gpu")));
        assertTrue(e.getMessage().startsWith("no instance of experiment 'exp' carries all of the tags gpu, head; tags in use: "), e.getMessage());
        assertTrue(e.getMessage().contains("worker"), e.getMessage());
        NotFoundException empty = assertThrows(NotFoundException.class, () -> TagSelection.select("exp", List.of(), Set.of("x")));
        assertTrue(empty.getMessage().endsWith("none (the experiment has no instances)"), empty.getMessage());
    }

    private static List<String> ids(List<Machine> instances) {
        return instances.stream().map(Machine::id).toList();
    }
}
