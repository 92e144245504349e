package org.nubis.repository.jpa;

import java.time.Instant;
import java.util.Objects;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NubisException;
import org.nubis.api.auth.Role;
import org.nubis.api.repository.ApiKeyRepository.ApiKeyRecord;

/**
 * One row per API key: the hash of its secret, never the secret. The role is the enum's name
 * ({@code ADMIN}); times are epoch milliseconds, like the other tables.
 */
@Entity
@Table(name = "NUBIS_API_KEY")
public class ApiKeyEntity {

    static final int DESCRIPTION_LENGTH = 500;

    @Id
    @Column(name = "ACCESS_KEY", length = 128)
    private String accessKey;

    @Column(name = "SECRET_HASH", length = 512, nullable = false)
    private String secretHash;

    /** Not USER: a reserved word in SQL. */
    @Column(name = "USER_NAME", length = 255, nullable = false)
    private String userName;

    @Column(name = "ROLE", length = 32, nullable = false)
    private String role;

    @Column(name = "DESCRIPTION", length = DESCRIPTION_LENGTH)
    private String description;

    @Column(name = "CREATED_AT_MS", nullable = false)
    private long createdAtMillis;

    @Column(name = "REVOKED_AT_MS")
    private Long revokedAtMillis;

    protected ApiKeyEntity() {
    }

    /** @throws InvalidRequestException when the description is longer than the column */
    static ApiKeyEntity from(ApiKeyRecord k) {
        ApiKeyEntity e = new ApiKeyEntity();
        e.accessKey = Objects.requireNonNull(k.accessKey(), "access key");
        e.secretHash = Objects.requireNonNull(k.secretHash(), "secret hash");
        e.userName = Objects.requireNonNull(k.user(), "user");
        e.role = Objects.requireNonNull(k.role(), "role").name();
        String description = k.description();
        if (description != null && description.codePointCount(0, description.length()) > DESCRIPTION_LENGTH) {
            throw new InvalidRequestException("the description of an API key has at most " + DESCRIPTION_LENGTH
                    + " characters");
        }
        e.description = description;
        e.createdAtMillis = Objects.requireNonNull(k.createdAt(), "creation time").toEpochMilli();
        e.revokedAtMillis = ClusterEntity.millis(k.revokedAt());
        return e;
    }

    String accessKey() {
        return accessKey;
    }

    boolean revoked() {
        return revokedAtMillis != null;
    }

    void revoke(Instant at) {
        revokedAtMillis = Objects.requireNonNull(at, "revocation time").toEpochMilli();
    }

    ApiKeyRecord toRecord() {
        return new ApiKeyRecord(accessKey, secretHash, userName, role(), description,
                Instant.ofEpochMilli(createdAtMillis), ClusterEntity.instant(revokedAtMillis));
    }

    private Role role() {
        try {
            return Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            throw new NubisException("API key " + accessKey + " has an unknown role '" + role + "' in the repository");
        }
    }

    /** Without the hash. */
    @Override
    public String toString() {
        return "ApiKeyEntity[" + accessKey + ", user=" + userName + ", role=" + role + "]";
    }
}
