package org.nubis.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.nubis.api.NubisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error as {@code {"error": CODE, "detail": TEXT}} with the right status: 4xx for what the
 * caller can fix, never a stack trace, and 500 only for Nubis's own faults (logged, not shown).
 */
final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof NubisException n) {
            Response answer = error(status(n.code()), n.code(), n.getMessage());
            return e instanceof RetryLater later
                    ? Response.fromResponse(answer).header("Retry-After", String.valueOf(later.retryAfterSeconds())).build()
                    : answer;
        }
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return error(status, codeOf(status), describe(status, w.getMessage()));
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            // Jackson's own message, without where in its internal source it stopped
            String why = j.getOriginalMessage().replaceFirst("(?s)\\s*(\\(start marker at|at \\[Source:|\\(through reference chain).*$", "");
            return error(400, "invalid_request", "the body is not valid JSON for this request: " + why);
        }
        LOG.error("REST request failed", e);
        return error(500, "internal", "Nubis failed on this request; see its log (data/log/karaf.log)");
    }

    static int status(String code) {
        return switch (code) {
            case "not_found" -> 404;
            case "invalid_request", "invalid_template" -> 400;
            case "unauthorized", "token_expired", "key_revoked" -> 401;
            case "forbidden" -> 403;
            case "conflict", "phase_failed", "operation_finished" -> 409;
            case "gone" -> 410;
            case "payload_too_large" -> 413;
            case "too_many_requests" -> 429;
            case "unavailable" -> 503;
            case "not_ready" -> 504;
            case "command_failed" -> 422;
            case "cloud_error" -> 502;
            default -> 500;
        };
    }

    /** The code of an error the HTTP layer (Jersey, the servlet container) found, by its status. */
    static String codeOf(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "invalid_request";
        };
    }

    /** What to tell the caller of an error the HTTP layer found; its own message otherwise. */
    static String describe(int status, String message) {
        return switch (status) {
            case 404 -> "no such resource; the API lives under /nubis/api/v1";
            case 405 -> "this resource does not take that method";
            case 415 -> "send JSON (Content-Type: application/json)";
            default -> message;
        };
    }

    /** Longer details are cut: they may echo what the caller sent (a 10 MB name came back whole). */
    static final int MAX_DETAIL = 1000;

    static Response error(int status, String code, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("detail", detail == null || detail.length() <= MAX_DETAIL ? detail
                : detail.substring(0, MAX_DETAIL) + "... (cut; " + detail.length() + " characters in all)");
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
