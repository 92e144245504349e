package org.nubis.api;

/** The request conflicts with the current state, e.g. creating an experiment that exists. */
public class ConflictException extends NubisException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "conflict";
    }
}
