package org.nubis.rest;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.osgi.service.event.Event;

/**
 * Hands Nubis's EventAdmin events to the SSE streams that want them, each with a sequence id;
 * keeps the latest ones so that a client that reconnects with {@code Last-Event-ID} misses nothing.
 */
final class EventRelay {

    static final int REPLAY = 1000;

    /** One event as streams send it. */
    record Item(long id, String type, Map<String, Object> data) {
    }

    /** A stream: what it wants and where it goes; returns false when it is gone. */
    interface Listener {
        boolean deliver(Item item);
    }

    private record Subscription(Predicate<Item> filter, Listener listener) {
    }

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Deque<Item> recent = new ArrayDeque<>();
    private long next = 1;

    void publish(Event event) {
        Map<String, Object> data = new LinkedHashMap<>();
        String type = typeOf(event.getTopic());
        data.put("type", type);
        data.put("time", Instant.now());
        for (String name : event.getPropertyNames()) {
            if (!name.equals("event.topics")) {
                data.put(name, event.getProperty(name));
            }
        }
        Item item;
        synchronized (recent) {
            item = new Item(next++, type, data);
            recent.addLast(item);
            if (recent.size() > REPLAY) {
                recent.removeFirst();
            }
        }
        for (Subscription s : subscriptions) {
            if (s.filter().test(item) && !s.listener().deliver(item)) {
                subscriptions.remove(s);
            }
        }
    }

    /**
     * Subscribes; with a last id, first replays the kept events after it.
     *
     * @return an action that ends the subscription
     */
    Runnable subscribe(Predicate<Item> filter, Listener listener, Long lastId) {
        Subscription s = new Subscription(filter, listener);
        List<Item> missed = new ArrayList<>();
        synchronized (recent) {
            // registered under the same lock as publishing assigns ids: nothing falls between replay and live
            subscriptions.add(s);
            if (lastId != null) {
                recent.stream().filter(i -> i.id() > lastId).forEach(missed::add);
            }
        }
        for (Item i : missed) {
            if (filter.test(i) && !listener.deliver(i)) {
                subscriptions.remove(s);
                break;
            }
        }
        return () -> subscriptions.remove(s);
    }

    int subscribers() {
        return subscriptions.size();
    }

    /** {@code org/nubis/cluster/NODE} → {@code cluster.node}. */
    static String typeOf(String topic) {
        String t = topic.startsWith("org/nubis/") ? topic.substring("org/nubis/".length()) : topic;
        return t.replace('/', '.').toLowerCase(Locale.ROOT);
    }
}
