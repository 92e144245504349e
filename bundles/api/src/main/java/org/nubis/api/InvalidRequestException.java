package org.nubis.api;

/** The request itself is malformed or out of range; nothing was changed. */
public class InvalidRequestException extends NubisException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid_request";
    }
}
