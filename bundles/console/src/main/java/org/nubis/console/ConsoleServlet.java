package org.nubis.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the web console, a single-page app, at {@code /nubis/console/}: its files from this
 * bundle's {@code nubis-console/} folder ({@link ConsoleFiles} decides what a path answers), hashed
 * assets cached for a year, {@code index.html} revalidated on every load (so a new build is picked
 * up at once), and {@code index.html} for every other path, the app's routes.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(ConsoleFiles.BASE + "/*")
@HttpWhiteboardServletName("nubis-console") // servlets of one context need names of their own
public class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The app talks to its own origin only (the REST API); nothing frames it. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final transient ConsoleFiles files;
    private final long lastModified;

    @Activate
    public ConsoleServlet(BundleContext context) {
        this(ConsoleFiles.index(context.getBundle().findEntries(ConsoleFiles.FOLDER, "*", true)),
                context.getBundle().getLastModified());
    }

    ConsoleServlet(ConsoleFiles files, long lastModified) {
        this.files = files;
        // whole seconds, as HTTP dates are
        this.lastModified = lastModified / 1000 * 1000;
    }

    @Override
    protected long getLastModified(HttpServletRequest request) {
        return files.resolve(request.getPathInfo()) instanceof ConsoleFiles.File ? lastModified : -1;
    }

    /**
     * Only GET and HEAD: others are refused here, in the API's error form, because the container's
     * error pages answer only GET, POST and HEAD (a PUT would get an empty 405).
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            super.service(request, response);
        } else {
            response.setHeader("Allow", "GET, HEAD");
            refuse(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed",
                    "the console's files are only read (GET, HEAD)");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsoleFiles.Answer answer = files.resolve(request.getPathInfo());
        if (answer instanceof ConsoleFiles.Redirect redirect) {
            String query = request.getQueryString();
            response.sendRedirect(request.getContextPath() + redirect.location() + (query == null ? "" : "?" + query));
        } else if (answer instanceof ConsoleFiles.File file) {
            send(file, request, response);
        } else {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "no such file in the console");
        }
    }

    /** An error as the REST API answers its own: {@code {"error", "detail"}} (fixed texts: nothing to escape). */
    private static void refuse(HttpServletResponse response, int status, String code, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getOutputStream().write(("{\"error\":\"" + code + "\",\"detail\":\"" + detail + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void send(ConsoleFiles.File file, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        boolean gzip = file.gzip() != null && ConsoleFiles.acceptsGzip(request.getHeader("Accept-Encoding"));
        URL url = gzip ? file.gzip() : file.url();
        URLConnection connection = url.openConnection();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(file.contentType());
        response.setHeader("Cache-Control", file.cacheControl());
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (file.gzip() != null) {
            response.setHeader("Vary", "Accept-Encoding");
        }
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        if (file.name().equals(ConsoleFiles.INDEX)) {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Referrer-Policy", "same-origin");
        }
        long length = connection.getContentLengthLong();
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        try (InputStream in = connection.getInputStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
