package org.nubis.client;

/**
 * The Nubis REST API refused or failed a request: {@code {"error": CODE, "detail": TEXT}} with its
 * HTTP status, or a request that never got an answer (status 0: {@code io_error}, {@code interrupted}).
 *
 * <p>Unchecked, so that the typed methods of {@link NubisClient} read like local calls. The message
 * names the request's method and path and the server's detail; it never holds a secret, a token or a
 * request body, because requests carry those only in headers and bodies that are not quoted here.
 */
public class NubisApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Error code of a request that got no answer: refused connection, reset, time-out. */
    public static final String IO_ERROR = "io_error";
    /** Error code when the calling thread was interrupted while it waited. */
    public static final String INTERRUPTED = "interrupted";

    private final int status;
    private final String error;
    private final String detail;

    public NubisApiException(int status, String error, String detail) {
        this(status, error, detail, null, null);
    }

    /**
     * @param request what was asked, e.g. {@code GET /experiments/demo}, for the message only
     */
    public NubisApiException(int status, String error, String detail, String request, Throwable cause) {
        super(message(status, error, detail, request), cause);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    /** The HTTP status, or 0 when the request got no answer. */
    public int status() {
        return status;
    }

    /** The JSON {@code error} code, e.g. {@code not_found}; never null. */
    public String error() {
        return error;
    }

    /** The server's explanation, or null. */
    public String detail() {
        return detail;
    }

    private static String message(int status, String error, String detail, String request) {
        StringBuilder b = new StringBuilder();
        if (request != null) {
            b.append(request).append(": ");
        }
        if (status > 0) {
            b.append(status).append(' ');
        }
        b.append(error);
        if (detail != null && !detail.isBlank()) {
            b.append(": ").append(detail);
        }
        return b.toString();
    }
}
