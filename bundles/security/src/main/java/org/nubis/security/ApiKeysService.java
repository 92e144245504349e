package org.nubis.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.auth.AccessToken;
import org.nubis.api.auth.ApiKey;
import org.nubis.api.auth.ApiKeys;
import org.nubis.api.auth.AuthenticationException;
import org.nubis.api.auth.Caller;
import org.nubis.api.auth.NewApiKey;
import org.nubis.api.auth.Role;
import org.nubis.api.repository.ApiKeyRepository;
import org.nubis.api.repository.ApiKeyRepository.ApiKeyRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * API keys and the bearer tokens they are exchanged for. A key's secret is stored only as its
 * SHA-256 (secrets are 256 random bits, so a slow hash would add nothing); tokens are signed with
 * a key derived from the installation's master key, so they survive restarts; a token is only as
 * good as its key: revoking the key ends every token at once.
 */
@Component(service = ApiKeys.class, configurationPid = "org.nubis.security")
@Designate(ocd = SecurityConfig.class)
public class ApiKeysService implements ApiKeys {

    private static final int MAX_DESCRIPTION = 500;
    private final ApiKeyRepository repository;
    private final TokenCodec tokens;
    private volatile Duration ttl;
    private final Clock clock;
    /** Keys by access key, so that checking a token costs no database read. */
    private final Map<String, ApiKeyRecord> known = new ConcurrentHashMap<>();

    @Activate
    public ApiKeysService(@Reference ApiKeyRepository repository, SecurityConfig config) {
        this(repository, SecretsDirectory.of(config).key("master.key", 32), Duration.ofSeconds(config.tokenTtlSeconds()),
                Clock.systemUTC());
    }

    ApiKeysService(ApiKeyRepository repository, byte[] masterKey, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("tokenTtlSeconds must be positive");
        }
        this.repository = repository;
        this.tokens = new TokenCodec(SecretsDirectory.derive(masterKey, "nubis bearer tokens v1"));
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A new token lifetime applies to tokens issued from now on. */
    @Modified
    void modified(SecurityConfig config) {
        if (config.tokenTtlSeconds() > 0) {
            ttl = Duration.ofSeconds(config.tokenTtlSeconds());
        }
    }

    @Override
    public NewApiKey create(String user, Role role, String description) {
        if (user == null || user.isBlank() || role == null) {
            throw new InvalidRequestException("an API key needs a user and a role");
        }
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("a key's description is one line of at most " + MAX_DESCRIPTION + " characters");
        }
        String secret = random(32);
        ApiKeyRecord record = new ApiKeyRecord("NBK" + random(15).toUpperCase(java.util.Locale.ROOT).replace('-', 'X')
                .replace('_', 'Y'), hash(secret), user, role, text, clock.instant().truncatedTo(ChronoUnit.MILLIS), null);
        repository.insert(record);
        known.put(record.accessKey(), record);
        return new NewApiKey(view(record), secret);
    }

    @Override
    public List<ApiKey> keys(String user) {
        return repository.list(user).stream().map(ApiKeysService::view).toList();
    }

    @Override
    public ApiKey key(String accessKey) {
        return view(record(accessKey).orElseThrow(() -> new NotFoundException("no API key '" + accessKey + "'")));
    }

    @Override
    public ApiKey revoke(String accessKey) {
        ApiKeyRecord revoked = repository.revoke(accessKey, clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .orElseThrow(() -> new NotFoundException("no API key '" + accessKey + "'"));
        known.put(accessKey, revoked);
        return view(revoked);
    }

    @Override
    public AccessToken exchange(String accessKey, String secret) {
        if (accessKey == null || secret == null) {
            throw new AuthenticationException("unauthorized", "send {\"accessKey\": ..., \"secret\": ...}");
        }
        Optional<ApiKeyRecord> found = record(accessKey);
        // compare hashes in constant time, and hash even for unknown keys: no timing hint either way
        byte[] given = hash(secret).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = found.map(r -> r.secretHash().getBytes(StandardCharsets.US_ASCII)).orElse(new byte[given.length]);
        if (found.isEmpty() || !MessageDigest.isEqual(given, stored)) {
            throw new AuthenticationException("unauthorized", "wrong access key or secret");
        }
        ApiKeyRecord key = found.get();
        if (key.revokedAt() != null) {
            throw revoked(key);
        }
        Instant expires = clock.instant().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        return new AccessToken(tokens.encode(new TokenCodec.Claims(key.accessKey(), key.user(), key.role(), expires)),
                expires, Duration.between(clock.instant(), expires).toSeconds());
    }

    @Override
    public Caller verify(String token) {
        TokenCodec.Claims claims = tokens.decode(token);
        if (!clock.instant().isBefore(claims.expiresAt())) {
            throw new AuthenticationException("token_expired", "the bearer token expired at " + claims.expiresAt()
                    + "; get a new one at POST /auth/token");
        }
        ApiKeyRecord key = record(claims.accessKey()).orElseThrow(() ->
                new AuthenticationException("key_revoked", "the API key of this token no longer exists"));
        if (key.revokedAt() != null) {
            throw revoked(key);
        }
        return new Caller(claims.user(), claims.role(), claims.accessKey());
    }

    private Optional<ApiKeyRecord> record(String accessKey) {
        ApiKeyRecord cached = known.get(accessKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ApiKeyRecord> stored = repository.find(accessKey);
        stored.ifPresent(r -> known.put(accessKey, r));
        return stored;
    }

    private static AuthenticationException revoked(ApiKeyRecord key) {
        return new AuthenticationException("key_revoked", "API key " + key.accessKey() + " was revoked at " + key.revokedAt());
    }

    private static ApiKey view(ApiKeyRecord r) {
        return new ApiKey(r.accessKey(), r.user(), r.role(), r.description(), r.createdAt(), r.revokedAt());
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        SecretsDirectory.RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String secret) {
        try {
            return "sha256:" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
