package org.nubis.rest;

import javax.servlet.Servlet;
import org.glassfish.jersey.servlet.ServletContainer;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.experiment.ExperimentService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** The REST API at {@code /nubis/api/v1}: Jersey, registered on Karaf's HTTP service through the whiteboard. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/nubis/api/v1/*")
public class RestServlet extends ServletContainer {

    private static final long serialVersionUID = 1L;

    @Activate
    public RestServlet(@Reference CloudRegistry clouds, @Reference ExperimentService experiments,
                       @Reference ClusterService clusters) {
        super(new NubisApplication(clouds, experiments, clusters));
    }
}
