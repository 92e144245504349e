package org.nubis.rest;

import org.nubis.api.NubisException;

/** The caller is known but may not do this: 403. */
final class ForbiddenException extends NubisException {
    private static final long serialVersionUID = 1L;

    ForbiddenException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "forbidden";
    }
}
