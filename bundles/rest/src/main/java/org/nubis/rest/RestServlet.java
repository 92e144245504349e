package org.nubis.rest;

import java.nio.file.Path;
import java.time.Clock;
import javax.servlet.Servlet;
import org.glassfish.jersey.servlet.ServletContainer;
import org.nubis.api.auth.ApiKeys;
import org.nubis.api.cloud.CloudConfigurations;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.ClusterTemplates;
import org.nubis.api.event.NubisEvents;
import org.nubis.api.experiment.ExperimentService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.EventConstants;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The REST API at {@code /nubis/api/v1}: Jersey, registered on Karaf's HTTP service through the
 * whiteboard (asynchronous, for event streams), and the EventAdmin handler that feeds those streams.
 */
// event.topics as a plain property: @EventTopics would require EventAdmin 1.4, newer than Karaf's
// load-on-startup (Pax Web's own servlet property): Jersey builds its model when the servlet is
// registered, not inside the first request, which a restart otherwise waits about a second for.
@Component(service = {Servlet.class, EventHandler.class},
        property = {EventConstants.EVENT_TOPIC + "=" + NubisEvents.ALL, "load-on-startup:Integer=1"})
@HttpWhiteboardServletPattern(NubisApplication.BASE_PATH + "/*")
@HttpWhiteboardServletName("nubis-rest")
@HttpWhiteboardServletAsyncSupported
public class RestServlet extends ServletContainer implements EventHandler {

    private static final long serialVersionUID = 1L;
    /** Operations running at once; more are refused with 429. */
    private static final int MAX_RUNNING = 64;

    private final transient EventRelay relay;
    private final transient Operations operations;
    private final transient EventsResource events;

    @Activate
    public RestServlet(@Reference CloudRegistry clouds, @Reference CloudConfigurations cloudConfigurations,
                       @Reference ExperimentService experiments, @Reference ClusterService clusters,
                       @Reference ClusterTemplates templates, @Reference ApiKeys keys, @Reference EventAdmin eventAdmin,
                       @Reference UploadLimit uploads, @Reference LoginThrottle logins) {
        this(new Services(clouds, cloudConfigurations, experiments, clusters, templates, keys), eventAdmin, new EventRelay(),
                new Limits(uploads, logins));
    }

    private RestServlet(Services services, EventAdmin eventAdmin, EventRelay relay, Limits limits) {
        this(services, relay, new Operations((topic, props) -> eventAdmin.postEvent(new Event(topic, props)), filesRoot(), MAX_RUNNING,
                Clock.systemUTC()), limits);
    }

    private RestServlet(Services services, EventRelay relay, Operations operations, Limits limits) {
        this(services, relay, operations, new EventsResource(relay, NubisApplication.json()), limits);
    }

    private RestServlet(Services services, EventRelay relay, Operations operations, EventsResource events,
                        Limits limits) {
        super(new NubisApplication(services, operations, events, limits));
        this.relay = relay;
        this.operations = operations;
        this.events = events;
    }

    @Override
    public void handleEvent(Event event) {
        relay.publish(event);
    }

    @Deactivate
    void stop() {
        events.close();
        operations.close();
    }

    private static Path filesRoot() {
        String data = System.getProperty("karaf.data", System.getProperty("java.io.tmpdir"));
        return Path.of(data, "nubis", "operations");
    }

}
