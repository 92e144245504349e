package org.nubis.api.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.nubis.api.auth.Role;

/** Where API keys are kept: the hash of each secret, never the secret. */
public interface ApiKeyRepository {

    /** One stored key. {@link #toString()} leaves out the hash. */
    record ApiKeyRecord(String accessKey, String secretHash, String user, Role role, String description,
                        Instant createdAt, Instant revokedAt) {
        @Override
        public String toString() {
            return "ApiKeyRecord[" + accessKey + ", user=" + user + ", role=" + role + ", revokedAt=" + revokedAt + "]";
        }
    }

    /** @throws org.nubis.api.ConflictException when the access key exists */
    void insert(ApiKeyRecord key);

    Optional<ApiKeyRecord> find(String accessKey);

    /** A user's keys, or all when user is null; newest first. */
    List<ApiKeyRecord> list(String user);

    /** Sets revokedAt unless already revoked; returns the stored record, or empty when unknown. */
    Optional<ApiKeyRecord> revoke(String accessKey, Instant at);
}
