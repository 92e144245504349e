package org.nubis.shell.cluster;

import java.io.PrintStream;
import java.util.Dictionary;
import java.util.Hashtable;
import org.apache.karaf.shell.api.console.Session;
import org.nubis.api.event.NubisEvents;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Shows a cluster's progress events (EventAdmin) while a command runs: each phase message as a
 * line, and on real terminals a live line with the nodes done so far.
 */
final class ClusterProgress implements EventHandler, AutoCloseable {

    private final PrintStream out;
    private final boolean live;
    private final ServiceRegistration<EventHandler> registration;
    private volatile boolean lineOpen;

    private ClusterProgress(BundleContext context, Session session, String cluster) {
        this.out = session.getConsole();
        this.live = session.getTerminal() != null && session.getTerminal().getWidth() > 0
                && session.getTerminal().getType() != null && !session.getTerminal().getType().startsWith("dumb");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, NubisEvents.CLUSTER_ALL);
        props.put(EventConstants.EVENT_FILTER, "(" + NubisEvents.CLUSTER + "=" + cluster + ")");
        this.registration = context.registerService(EventHandler.class, this, props);
    }

    static ClusterProgress follow(BundleContext context, Session session, String cluster) {
        return new ClusterProgress(context, session, cluster);
    }

    @Override
    public void handleEvent(Event event) {
        Object message = event.getProperty(NubisEvents.MESSAGE);
        synchronized (out) {
            if (NubisEvents.CLUSTER_PHASE.equals(event.getTopic())) {
                clearLine();
                out.println("[" + event.getProperty(NubisEvents.PHASE) + "] " + (message == null ? "" : message));
            } else if (NubisEvents.CLUSTER_OUTPUT.equals(event.getTopic())) {
                if (live) { // a setup tool's own output, as it comes (only on a terminal: scripts get the outcome)
                    clearLine();
                    out.println("  | " + message);
                }
            } else if (live) {
                out.print("\r" + event.getProperty(NubisEvents.PHASE) + ": " + event.getProperty(NubisEvents.DONE) + "/"
                        + event.getProperty(NubisEvents.TOTAL) + " node(s); last: " + event.getProperty(NubisEvents.NODE) + " "
                        + (message == null ? "" : message) + "\u001b[K");
                lineOpen = true;
            }
            out.flush();
        }
    }

    private void clearLine() {
        if (lineOpen) {
            out.print("\r\u001b[K");
            lineOpen = false;
        }
    }

    @Override
    public void close() {
        registration.unregister();
        synchronized (out) {
            clearLine();
            out.flush();
        }
    }
}
