package org.nubis.api;

/**
 * Base of every error a Nubis service reports to a user. The message is one line that says what
 * is wrong and, where possible, how to fix it: shells print it as is, REST returns it as
 * {@code detail} with {@link #code()} as {@code error}.
 */
public class NubisException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NubisException(String message) {
        super(message);
    }

    public NubisException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A stable, machine-readable error code, e.g. {@code not_found}. */
    public String code() {
        return "nubis_error";
    }
}
