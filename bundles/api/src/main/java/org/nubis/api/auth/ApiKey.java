package org.nubis.api.auth;

import java.time.Instant;

/**
 * An API key as users see it: never its secret.
 *
 * @param accessKey the public half, {@code NBK...}
 * @param role      what tokens of this key may do (at most the creator's role)
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record ApiKey(String accessKey, String user, Role role, String description, Instant createdAt,
                     Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
