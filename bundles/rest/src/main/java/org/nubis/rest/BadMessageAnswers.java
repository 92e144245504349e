package org.nubis.rest;

import javax.servlet.ServletContextEvent;
import javax.servlet.ServletContextListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs {@link JettyBadMessages}, so that requests the container refuses before any servlet
 * (a NUL in the path) are answered in JSON too, and puts Jetty's own handler back when it goes.
 * <p>
 * A context listener rather than a servlet's {@code init}: Pax Web initialises a servlet added to
 * a context that is already running (the console's starts it first) only at its first request,
 * which such a request never is; it restarts the context for a new context listener instead, so
 * {@code contextInitialized} runs whatever registered first, and again after every restart.
 */
@Component(service = ServletContextListener.class)
@HttpWhiteboardListener
public class BadMessageAnswers implements ServletContextListener {

    private static final Logger LOG = LoggerFactory.getLogger(BadMessageAnswers.class);

    /** Puts Jetty's own handler back; null while not installed. */
    private Runnable uninstall;

    @Override
    public synchronized void contextInitialized(ServletContextEvent event) {
        if (uninstall != null) {
            return; // installed in the server, which outlives the context's restarts
        }
        try {
            uninstall = JettyBadMessages.installFromContextScope();
            if (uninstall == null) {
                LOG.info("Not running in Jetty: requests the servlet container cannot parse get its own error page");
            }
        } catch (LinkageError notJetty) {
            LOG.info("Requests the servlet container cannot parse get its own error page: {}", notJetty.toString());
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        // the handler belongs to the server, not the context: it stays until this component goes
    }

    @Deactivate
    synchronized void deactivate() {
        if (uninstall != null) {
            uninstall.run();
            uninstall = null;
        }
    }
}
