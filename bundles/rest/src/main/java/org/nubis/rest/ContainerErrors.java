package org.nubis.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.RequestDispatcher;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletErrorPage;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Errors the servlet container answers by itself, outside the API's servlet, are answered as the
 * API answers its own: {@code {"error", "detail"}} in JSON rather than the container's HTML page.
 * It is the container's error page, and it answers 404 under {@code /nubis/api} outside
 * {@code /nubis/api/v1} (where a path such as {@code v1/clouds/..%2F..%2Fx} lands once decoded),
 * whatever the method: the container's own error pages serve only GET, POST and HEAD.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletErrorPage(errorPage = {"4xx", "5xx"})
@HttpWhiteboardServletPattern("/nubis/api/*")
@HttpWhiteboardServletName("nubis-container-errors") // servlets of one context need names of their own
public class ContainerErrors extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = NubisApplication.json();

    /** Whether the path, decoded and normalised (as the container matched it), is the API's. */
    private static boolean underTheApi(String path) {
        return path.equals(NubisApplication.BASE_PATH) || path.startsWith(NubisApplication.BASE_PATH + "/");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status;
        String detail;
        if (code instanceof Integer error) {
            status = error;
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            detail = status >= 500 ? "Nubis failed on this request; see its log (data/log/karaf.log)"
                    : ErrorMapper.describe(status, message == null ? "the request is not valid HTTP for this server" : message.toString());
        } else if (underTheApi(request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()))) {
            // the API's own servlet takes these once it is up: Nubis is starting (or stopping)
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            detail = "the API is not running yet (Nubis is starting or stopping); try again shortly";
            response.setHeader("Retry-After", "1");
        } else {
            status = HttpServletResponse.SC_NOT_FOUND;
            detail = ErrorMapper.describe(status, null);
        }
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error", ErrorMapper.codeOf(status));
        error.put("detail", detail);
        byte[] body = JSON.writeValueAsBytes(error);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
