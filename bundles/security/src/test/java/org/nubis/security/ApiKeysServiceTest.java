package org.nubis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.auth.AccessToken;
import org.nubis.api.auth.AuthenticationException;
import org.nubis.api.auth.Caller;
import org.nubis.api.auth.NewApiKey;
import org.nubis.api.auth.Role;

class ApiKeysServiceTest {

    private final MemoryApiKeyRepository repository = new MemoryApiKeyRepository();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final byte[] master = new byte[32];
    private final ApiKeysService keys = new ApiKeysService(repository, master, Duration.ofMinutes(15), clock);

    @Test
    void aKeyIsExchangedForATokenThatSaysWhoAndWhatRole() {
        NewApiKey key = keys.create("alice", Role.OPERATOR, "laptop");
        assertTrue(key.key().accessKey().matches("NBK[A-Z0-9]{20}"), key.key().accessKey());
        assertFalse(repository.keys.get(key.key().accessKey()).secretHash().contains(key.secret()), "only a hash is stored");
        assertFalse(key.toString().contains(key.secret()));
        AccessToken token = keys.exchange(key.key().accessKey(), key.secret());
        assertEquals(Instant.parse("2026-11-22T10:15:00Z"), token.expiresAt());
        assertEquals(900, token.expiresIn());
        assertFalse(token.toString().contains(token.token()));
        assertEquals(new Caller("alice", Role.OPERATOR, key.key().accessKey()), keys.verify(token.token()));
    }

    @Test
    void wrongSecretsAndUnknownKeysAreOneAndTheSameAnswer() {
        NewApiKey key = keys.create("alice", Role.VIEWER, null);
        AuthenticationException wrong = assertThrows(AuthenticationException.class,
                () -> keys.exchange(key.key().accessKey(), key.secret() + "x"));
        AuthenticationException unknown = assertThrows(AuthenticationException.class,
                () -> keys.exchange("NBKNOSUCHKEY", key.secret()));
        assertEquals("unauthorized", wrong.code());
        assertEquals(wrong.getMessage(), unknown.getMessage());
    }

    @Test
    void tokensExpire() {
        NewApiKey key = keys.create("alice", Role.VIEWER, null);
        String token = keys.exchange(key.key().accessKey(), key.secret()).token();
        clock.now = clock.now.plus(Duration.ofMinutes(14));
        keys.verify(token);
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertEquals("token_expired", assertThrows(AuthenticationException.class, () -> keys.verify(token)).code());
    }

    @Test
    void revokingAKeyEndsItsTokensAtOnceAndRefusesNewOnes() {
        NewApiKey key = keys.create("alice", Role.ADMIN, null);
        String token = keys.exchange(key.key().accessKey(), key.secret()).token();
        Instant firstRevocation = keys.revoke(key.key().accessKey()).revokedAt();
        assertEquals("key_revoked", assertThrows(AuthenticationException.class, () -> keys.verify(token)).code());
        assertEquals("key_revoked", assertThrows(AuthenticationException.class,
                () -> keys.exchange(key.key().accessKey(), key.secret())).code());
        clock.now = clock.now.plusSeconds(5);
        assertEquals(firstRevocation, keys.revoke(key.key().accessKey()).revokedAt(), "revoking again changes nothing");
    }

    @Test
    void aRevocationMadeElsewhereIsSeenAfterARestart() {
        NewApiKey key = keys.create("bob", Role.VIEWER, null);
        String token = keys.exchange(key.key().accessKey(), key.secret()).token();
        repository.revoke(key.key().accessKey(), clock.instant());
        ApiKeysService restarted = new ApiKeysService(repository, master, Duration.ofMinutes(15), clock);
        assertEquals("key_revoked", assertThrows(AuthenticationException.class, () -> restarted.verify(token)).code());
    }

    @Test
    void changedForgedOrForeignTokensAreRefused() {
        NewApiKey key = keys.create("alice", Role.VIEWER, null);
        String token = keys.exchange(key.key().accessKey(), key.secret()).token();
        // raise the role inside the claims, keep the signature
        String payload = token.substring(4, token.lastIndexOf('.'));
        String claims = new String(Base64.getUrlDecoder().decode(payload)).replace("\nviewer\n", "\nadmin\n");
        String forged = "nbt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
                + token.substring(token.lastIndexOf('.'));
        assertNotEquals(token, forged);
        assertEquals("unauthorized", assertThrows(AuthenticationException.class, () -> keys.verify(forged)).code());
        byte[] otherMaster = new byte[32];
        otherMaster[0] = 1;
        ApiKeysService other = new ApiKeysService(repository, otherMaster, Duration.ofMinutes(15), clock);
        assertThrows(AuthenticationException.class, () -> other.verify(token));
        assertThrows(AuthenticationException.class, () -> keys.verify("nbt_garbage"));
        assertThrows(AuthenticationException.class, () -> keys.verify("Basic abc"));
    }

    @Test
    void checkingATokenDoesNotReadTheDatabaseEachTime() {
        NewApiKey key = keys.create("alice", Role.VIEWER, null);
        String token = keys.exchange(key.key().accessKey(), key.secret()).token();
        int before = repository.finds;
        for (int i = 0; i < 100; i++) {
            keys.verify(token);
        }
        assertEquals(before, repository.finds);
    }

    @Test
    void descriptionsAreOneShortLine() {
        assertThrows(InvalidRequestException.class, () -> keys.create("alice", Role.VIEWER, "a\nb"));
        assertThrows(InvalidRequestException.class, () -> keys.create("alice", Role.VIEWER, "x".repeat(501)));
        assertThrows(InvalidRequestException.class, () -> keys.create(" ", Role.VIEWER, null));
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
