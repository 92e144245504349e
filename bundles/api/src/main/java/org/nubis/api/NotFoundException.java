package org.nubis.api;

/** Something named by the user (experiment, cloud, instance, tag, image...) does not exist. */
public class NotFoundException extends NubisException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "not_found";
    }
}
