package org.nubis.api.auth;

import java.time.Instant;

/** A short-lived bearer token issued for an API key. */
public record AccessToken(String token, Instant expiresAt, long expiresIn) {

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
