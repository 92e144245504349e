package org.nubis.api.auth;

import org.nubis.api.NubisException;

/** Credentials that do not let the caller in: REST answers 401 with {@link #code()}. */
public class AuthenticationException extends NubisException {
    private static final long serialVersionUID = 1L;

    /** Codes: {@code unauthorized}, {@code token_expired}, {@code key_revoked}. */
    private final String code;

    public AuthenticationException(String code, String message) {
        super(message);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
