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
        if (e instanceof LoginThrottle.TooManyAttempts t) {
            return Response.fromResponse(error(429, t.code(), t.getMessage()))
                    .header("Retry-After", String.valueOf(t.retryAfterSeconds())).build();
        }
        if (e instanceof NubisException n) {
            return error(status(n.code()), n.code(), n.getMessage());
        }
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return error(status, status == 404 ? "not_found" : status == 405 ? "method_not_allowed"
                    : status == 415 ? "unsupported_media_type" : "invalid_request", describe(w, status));
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

    private static String describe(WebApplicationException w, int status) {
        return switch (status) {
            case 404 -> "no such resource; the API lives under /nubis/api/v1";
            case 405 -> "this resource does not take that method";
            case 415 -> "send JSON (Content-Type: application/json)";
            default -> w.getMessage();
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
