package org.nubis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class EventRelayTest {

    private static Event node(String cluster) {
        return new Event("org/nubis/cluster/NODE", Map.of("cluster", cluster, "state", "running"));
    }

    @Test
    void streamsGetWhatTheirFilterWantsUntilTheyAreGone() {
        EventRelay relay = new EventRelay();
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        relay.subscribe(i -> "a".equals(i.data().get("cluster")), i -> a.add(i.id()), null);
        relay.subscribe(i -> true, i -> b.add(i.id()) && b.size() < 2, null);
        relay.publish(node("a"));
        relay.publish(node("b"));
        relay.publish(node("a"));
        assertEquals(List.of(1L, 3L), a);
        assertEquals(List.of(1L, 2L), b, "a listener that says it is gone gets nothing more");
        assertEquals(1, relay.subscribers());
    }

    @Test
    void aReconnectingStreamGetsWhatItMissedFirst() {
        EventRelay relay = new EventRelay();
        for (int i = 0; i < 5; i++) {
            relay.publish(node("a"));
        }
        List<EventRelay.Item> got = new ArrayList<>();
        relay.subscribe(i -> true, got::add, 3L);
        relay.publish(node("a"));
        assertEquals(List.of(4L, 5L, 6L), got.stream().map(EventRelay.Item::id).toList());
        assertEquals("cluster.node", got.get(0).type());
        assertEquals("a", got.get(0).data().get("cluster"));
    }

    @Test
    void topicsBecomeTypes() {
        assertEquals("cluster.phase", EventRelay.typeOf("org/nubis/cluster/PHASE"));
        assertEquals("operation.finished", EventRelay.typeOf("org/nubis/operation/FINISHED"));
    }
}
