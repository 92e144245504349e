package org.nubis.rest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Basic credentials verified a moment ago, so that a slow password hash (bcrypt, in
 * etc/org.apache.karaf.jaas.cfg) is paid once a minute per caller rather than on every request.
 * Only a keyed digest of each password is kept (the key is random and lives only in memory), and
 * only successes: a wrong password is always checked in full. A changed password or role is seen
 * within {@link #TTL}.
 */
final class VerifiedLogins {

    static final Duration TTL = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 10_000;

    private record Verified(byte[] digest, Set<String> roles, Instant until) {
    }

    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Verified> byUser = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    VerifiedLogins(Clock clock) {
        this.clock = clock;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
    }

    /** The roles of a user whose password was verified within the last minute, else null. */
    synchronized Set<String> roles(String user, String password) {
        Verified v = byUser.get(user);
        if (v == null || !clock.instant().isBefore(v.until())) {
            byUser.remove(user);
            return null;
        }
        return MessageDigest.isEqual(v.digest(), digest(user, password)) ? v.roles() : null;
    }

    synchronized void remember(String user, String password, Set<String> roles) {
        byUser.remove(user);
        byUser.put(user, new Verified(digest(user, password), Set.copyOf(roles), clock.instant().plus(TTL)));
    }

    private byte[] digest(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
