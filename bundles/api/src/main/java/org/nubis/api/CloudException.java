package org.nubis.api;

/** A cloud refused or failed a request, or could not be reached. */
public class CloudException extends NubisException {
    private static final long serialVersionUID = 1L;

    public CloudException(String message) {
        super(message);
    }

    public CloudException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "cloud_error";
    }
}
