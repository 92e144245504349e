package org.nubis.api.auth;

import java.util.List;

/**
 * API keys (access key + secret) that users create and revoke, exchanged for short-lived bearer
 * tokens. Secrets are stored only as hashes; tokens of a revoked key stop working at once.
 */
public interface ApiKeys {

    /**
     * Creates a key for a user.
     *
     * @param role at most the role the user has now
     */
    NewApiKey create(String user, Role role, String description);

    /** A user's keys, or everyone's when user is null; revoked ones too, newest first. */
    List<ApiKey> keys(String user);

    /** @throws org.nubis.api.NotFoundException when there is no such key */
    ApiKey key(String accessKey);

    /** Revokes a key (again is harmless) and returns it. */
    ApiKey revoke(String accessKey);

    /**
     * A bearer token for a key's secret.
     *
     * @throws AuthenticationException {@code unauthorized} for a wrong key or secret,
     *                                 {@code key_revoked} for a revoked key
     */
    AccessToken exchange(String accessKey, String secret);

    /**
     * Who a bearer token speaks for.
     *
     * @throws AuthenticationException {@code unauthorized} (not a token of ours),
     *                                 {@code token_expired}, {@code key_revoked}
     */
    Caller verify(String token);
}
