package org.nubis.console;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code http://HOST:8181/} leads to the console. Pax Web 8 ignores the Servlet specification's
 * empty pattern (the context root alone), so this is the context's default servlet ({@code /}),
 * which gets every request no other servlet maps: a GET or HEAD of {@code /} is redirected, every
 * other request is the container's 404 as before (which the REST bundle's error page answers in JSON).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName("nubis-console-root")
public class RootRedirect extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Whether a request is a GET or HEAD of the root, the one this servlet redirects. */
    static boolean isRoot(String method, String servletPath, String pathInfo) {
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return (path.isEmpty() || path.equals("/")) && ("GET".equals(method) || "HEAD".equals(method));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isRoot(request.getMethod(), request.getServletPath(), request.getPathInfo())) {
            response.sendRedirect(request.getContextPath() + ConsoleFiles.BASE + "/");
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
