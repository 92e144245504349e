package org.nubis.security;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.nubis.api.ConflictException;
import org.nubis.api.repository.ApiKeyRepository;

/** The repository contract in memory, for unit tests of the key service (the JPA one has its own tests). */
final class MemoryApiKeyRepository implements ApiKeyRepository {

    final Map<String, ApiKeyRecord> keys = new ConcurrentHashMap<>();
    int finds;

    @Override
    public void insert(ApiKeyRecord key) {
        if (keys.putIfAbsent(key.accessKey(), key) != null) {
            throw new ConflictException("exists");
        }
    }

    @Override
    public Optional<ApiKeyRecord> find(String accessKey) {
        finds++;
        return Optional.ofNullable(keys.get(accessKey));
    }

    @Override
    public List<ApiKeyRecord> list(String user) {
        return keys.values().stream().filter(k -> user == null || k.user().equals(user))
                .sorted(Comparator.comparing(ApiKeyRecord::createdAt).reversed()).toList();
    }

    @Override
    public Optional<ApiKeyRecord> revoke(String accessKey, Instant at) {
        return Optional.ofNullable(keys.computeIfPresent(accessKey, (k, r) -> r.revokedAt() != null ? r
                : new ApiKeyRecord(r.accessKey(), r.secretHash(), r.user(), r.role(), r.description(), r.createdAt(), at)));
    }
}
