package org.nubis.localcloud.engine;

/** A request the engine refuses; the kind tells the API faces which error to answer. */
public class CloudException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind { INVALID_REQUEST, NOT_FOUND, CONFLICT, CAPACITY }

    private final Kind kind;

    public CloudException(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static CloudException invalid(String detail) {
        return new CloudException(Kind.INVALID_REQUEST, detail);
    }
}
