package org.nubis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty refuses a request it cannot parse (a NUL or a bad escape in the path, a malformed header
 * line) before any servlet sees it, with an HTML page of its own. This server-wide error handler
 * answers those as the API answers its errors, {@code {"error", "detail"}} in JSON; everything
 * else it handles as Jetty's own (without stack traces). Only this class names Jetty, so that the
 * rest works on another servlet container.
 */
final class JettyBadMessages extends ErrorHandler {

    private JettyBadMessages() {
        setShowStacks(false);
        setShowServlet(false);
    }

    /**
     * Installs it in the Jetty server that runs the context being started (called inside Jetty's
     * context scope, from a context listener); returns what puts the previous handler back, or
     * null when not running in Jetty.
     */
    static Runnable installFromContextScope() {
        ContextHandler.Context context = ContextHandler.getCurrentContext();
        Server server = context == null ? null : context.getContextHandler().getServer();
        if (server == null) {
            return null;
        }
        ErrorHandler previous = server.getErrorHandler();
        JettyBadMessages mine = new JettyBadMessages();
        server.setErrorHandler(mine);
        return () -> {
            if (server.getErrorHandler() == mine && previous != null) {
                server.setErrorHandler(previous);
            }
        };
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error", ErrorMapper.codeOf(status));
        error.put("detail", ErrorMapper.describe(status, "the request is not valid HTTP for this server: "
                + (reason == null ? "malformed" : reason)));
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        try {
            return ByteBuffer.wrap(NubisApplication.json().writeValueAsBytes(error));
        } catch (JsonProcessingException e) {
            return super.badMessageError(status, reason, fields);
        }
    }
}
