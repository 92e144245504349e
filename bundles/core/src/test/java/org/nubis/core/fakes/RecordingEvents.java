package org.nubis.core.fakes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nubis.api.event.NubisEvents;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** An EventAdmin that keeps what it is given, sent or posted alike. */
public final class RecordingEvents implements EventAdmin {

    public final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        events.add(event);
    }

    /** Phase events as {@code state: message}, in order. */
    public List<String> phases() {
        return events.stream().filter(e -> e.getTopic().equals(NubisEvents.CLUSTER_PHASE))
                .map(e -> e.getProperty(NubisEvents.STATE) + ": " + e.getProperty(NubisEvents.MESSAGE)).toList();
    }

    /** Node events as {@code node message done/total}, in order. */
    public List<String> nodes() {
        return events.stream().filter(e -> e.getTopic().equals(NubisEvents.CLUSTER_NODE))
                .map(e -> e.getProperty(NubisEvents.NODE) + " " + e.getProperty(NubisEvents.MESSAGE) + " "
                        + e.getProperty(NubisEvents.DONE) + "/" + e.getProperty(NubisEvents.TOTAL)).toList();
    }
}
