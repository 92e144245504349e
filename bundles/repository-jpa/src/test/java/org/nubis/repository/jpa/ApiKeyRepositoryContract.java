package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.nubis.api.ConflictException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.auth.Role;
import org.nubis.api.repository.ApiKeyRepository.ApiKeyRecord;

/** The API key repository's behaviour, on each kind of database (see the subclasses). */
abstract class ApiKeyRepositoryContract extends DatabaseTestBase {

    /** Times are stored in epoch milliseconds. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String HASH = "pbkdf2-sha256$310000$c2FsdA$aGFzaC1vZi10aGUtc2VjcmV0";

    JpaApiKeyRepository repo;

    @Override
    void opened(EntityManagerFactory emf) {
        repo = new JpaApiKeyRepository(emf);
    }

    private static ApiKeyRecord key(String accessKey, String user, Instant createdAt) {
        return new ApiKeyRecord(accessKey, HASH + "-" + accessKey, user, Role.OPERATOR, "key " + accessKey, createdAt, null);
    }

    private static List<String> accessKeys(List<ApiKeyRecord> keys) {
        return keys.stream().map(ApiKeyRecord::accessKey).toList();
    }

    @Test
    void insertsAndFindsEveryField() {
        String description = "CI deploys: Grüße \"aus\" Nubis 'quoted'\nline 2 " + "x".repeat(440);
        ApiKeyRecord full = new ApiKeyRecord("NBKFULL0000000000001", HASH, "alice", Role.ADMIN, description, T0,
                T0.plusSeconds(90));
        ApiKeyRecord minimal = new ApiKeyRecord("NBKMIN00000000000002", HASH, "bob", Role.VIEWER, null,
                T0.minusMillis(1), null);
        repo.insert(full);
        repo.insert(minimal);

        assertEquals(full, repo.find("NBKFULL0000000000001").orElseThrow());
        assertEquals(minimal, repo.find("NBKMIN00000000000002").orElseThrow());
        assertTrue(repo.find("NBKNOPE").isEmpty());
        assertTrue(repo.find(null).isEmpty());
    }

    @Test
    void everyRoleRoundTrips() {
        for (Role role : Role.values()) {
            ApiKeyRecord k = new ApiKeyRecord("NBKROLE" + role.name(), HASH, "alice", role, null, T0, null);
            repo.insert(k);
            assertEquals(role, repo.find(k.accessKey()).orElseThrow().role());
        }
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        Instant precise = T0.plusNanos(123_456_789);
        repo.insert(new ApiKeyRecord("NBKTIME", HASH, "alice", Role.VIEWER, null, precise, null));
        assertEquals(precise.truncatedTo(ChronoUnit.MILLIS), repo.find("NBKTIME").orElseThrow().createdAt());
    }

    @Test
    void aDuplicateAccessKeyIsAConflictAndLeavesTheFirstRecord() {
        ApiKeyRecord first = key("NBKDUP", "alice", T0);
        repo.insert(first);
        ApiKeyRecord second = new ApiKeyRecord("NBKDUP", "another-hash", "mallory", Role.ADMIN, "second",
                T0.plusSeconds(1), null);
        ConflictException e = assertThrows(ConflictException.class, () -> repo.insert(second));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertTrue(e.getMessage().contains("NBKDUP"), e.getMessage());
        assertFalse(e.getMessage().contains("another-hash"), e.getMessage());

        assertEquals(first, repo.find("NBKDUP").orElseThrow());
        assertEquals(List.of(first), repo.list(null));
    }

    @Test
    void aTooLongDescriptionIsRefusedAndNothingIsStored() {
        ApiKeyRecord k = new ApiKeyRecord("NBKLONG", HASH, "alice", Role.VIEWER, "d".repeat(501), T0, null);
        assertThrows(InvalidRequestException.class, () -> repo.insert(k));
        assertTrue(repo.find("NBKLONG").isEmpty());

        ApiKeyRecord longest = new ApiKeyRecord("NBKLONGEST", HASH, "alice", Role.VIEWER, "d".repeat(500), T0, null);
        repo.insert(longest);
        assertEquals(longest, repo.find("NBKLONGEST").orElseThrow());
    }

    @Test
    void listsAUsersKeysOrAllNewestFirst() {
        repo.insert(key("NBKA1", "alice", T0));
        repo.insert(key("NBKB1", "bob", T0.plusSeconds(10)));
        repo.insert(key("NBKA3", "alice", T0.plusSeconds(20)));
        repo.insert(key("NBKA2", "alice", T0.plusSeconds(20))); // same time: by access key
        repo.insert(key("NBKB0", "bob", T0.minusSeconds(10)));
        repo.insert(key("NBKC1", "alice-2", T0.plusSeconds(30)));

        assertEquals(List.of("NBKA2", "NBKA3", "NBKA1"), accessKeys(repo.list("alice")));
        assertEquals(List.of("NBKB1", "NBKB0"), accessKeys(repo.list("bob")));
        assertEquals(List.of("NBKC1", "NBKA2", "NBKA3", "NBKB1", "NBKA1", "NBKB0"), accessKeys(repo.list(null)));
        assertTrue(repo.list("nobody").isEmpty());
        assertTrue(repo.list("ALICE").isEmpty(), "user names are matched exactly");
        assertEquals(key("NBKA3", "alice", T0.plusSeconds(20)), repo.list("alice").get(1));
    }

    @Test
    void revokingTwiceKeepsTheFirstTime() {
        ApiKeyRecord k = key("NBKREV", "alice", T0);
        repo.insert(k);
        repo.insert(key("NBKOTHER", "alice", T0));
        Instant t1 = T0.plusSeconds(60);

        ApiKeyRecord revoked = repo.revoke("NBKREV", t1).orElseThrow();
        assertEquals(t1, revoked.revokedAt());
        assertEquals(new ApiKeyRecord(k.accessKey(), k.secretHash(), k.user(), k.role(), k.description(), k.createdAt(), t1),
                revoked);
        assertEquals(revoked, repo.find("NBKREV").orElseThrow());

        ApiKeyRecord again = repo.revoke("NBKREV", t1.plusSeconds(3600)).orElseThrow();
        assertEquals(t1, again.revokedAt());
        assertEquals(t1, repo.find("NBKREV").orElseThrow().revokedAt());
        assertNull(repo.find("NBKOTHER").orElseThrow().revokedAt(), "only the revoked key changes");
        assertEquals(List.of("NBKOTHER", "NBKREV"), accessKeys(repo.list("alice")), "revoked keys are still listed");
    }

    @Test
    void revokingAnUnknownKeyFindsNothing() {
        assertTrue(repo.revoke("NBKNOPE", T0).isEmpty());
        assertTrue(repo.revoke(null, T0).isEmpty());
        assertTrue(repo.find("NBKNOPE").isEmpty(), "revoking does not create a key");
    }

    @Test
    void keysSurviveReopeningTheDatabase() throws Exception {
        ApiKeyRecord kept = new ApiKeyRecord("NBKKEEP", HASH, "alice", Role.ADMIN, "kept", T0, null);
        repo.insert(kept);
        repo.insert(key("NBKREVOKED", "bob", T0.plusSeconds(1)));
        repo.revoke("NBKREVOKED", T0.plusSeconds(2));
        reopen();

        assertEquals(kept, repo.find("NBKKEEP").orElseThrow());
        assertEquals(T0.plusSeconds(2), repo.find("NBKREVOKED").orElseThrow().revokedAt());
        assertEquals(List.of("NBKREVOKED", "NBKKEEP"), accessKeys(repo.list(null)));
        assertThrows(ConflictException.class, () -> repo.insert(key("NBKKEEP", "bob", T0)));
    }

    @Test
    void toStringLeavesOutTheHash() {
        repo.insert(key("NBKSTR", "alice", T0));
        ApiKeyRecord stored = repo.find("NBKSTR").orElseThrow();
        assertEquals(HASH + "-NBKSTR", stored.secretHash());
        assertFalse(stored.toString().contains(HASH), stored.toString());
        assertTrue(stored.toString().contains("NBKSTR"), stored.toString());
        String listed = repo.list(null).toString() + repo.revoke("NBKSTR", T0).orElseThrow();
        assertFalse(listed.contains(HASH), listed);
        assertFalse(ApiKeyEntity.from(stored).toString().contains(HASH));
    }
}
