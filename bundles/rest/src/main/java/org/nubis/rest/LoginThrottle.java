package org.nubis.rest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nubis.api.NubisException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Slows password and API-key guessing: after too many failed logins within a window, from one
 * address or for one user, further tries are refused (429 with Retry-After) for a delay that
 * doubles with each failure, up to a ceiling, and is forgotten once the window passes.
 *
 * <p>An attacker must not be able to lock a real user out: failures for a user count only from
 * addresses the user has not logged in from successfully, so the user's own addresses stay open
 * (an address throttles only itself). A refused try is not checked at all, so it tells nothing
 * and costs no password hash. State is in memory, bounded, and starts empty with Nubis.
 * Configured in {@code etc/org.nubis.rest.cfg} with the upload limit; the service type is private
 * to this bundle.
 */
@Component(service = LoginThrottle.class, configurationPid = "org.nubis.rest")
public class LoginThrottle {

    /** Keys remembered at most (failure counts and trusted user-address pairs each); the oldest go first. */
    static final int MAX_KEYS = 100_000;
    /** How long a successful login makes its address a trusted one for the user. */
    static final Duration TRUST = Duration.ofDays(30);

    /** The limits: failures allowed per address and per user within the window, and the longest delay. */
    record Policy(int perAddress, int perUser, Duration window, Duration maxDelay) {
        Policy {
            if (perAddress < 1 || perUser < 1 || window.isNegative() || window.isZero() || maxDelay.isNegative()
                    || maxDelay.isZero()) {
                throw new IllegalArgumentException("login limits must be positive: " + perAddress + " per address, "
                        + perUser + " per user, window " + window + ", delay at most " + maxDelay);
            }
        }
    }

    /** Failures of one key in the current window, and until when it is refused. */
    private record Failures(int count, Instant last, Instant refusedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = lru();
    private final Map<String, Instant> trusted = lru();
    private volatile Policy policy;

    public LoginThrottle() {
        this(Clock.systemUTC(), new Policy(20, 10, Duration.ofMinutes(15), Duration.ofMinutes(5)));
    }

    LoginThrottle(Clock clock, Policy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    @Activate
    @Modified
    void configure(RestConfig config) {
        policy = new Policy(config.loginFailuresPerAddress(), config.loginFailuresPerUser(),
                Duration.ofSeconds(config.loginWindowSeconds()), Duration.ofSeconds(config.loginMaxDelaySeconds()));
    }

    /**
     * Refuses a login that is not to be tried now.
     *
     * @param user    the user name or access key the caller gives
     * @param address the caller's address
     * @throws TooManyAttempts while the address, or the user from an address it has not logged in from, is refused
     */
    synchronized void check(String user, String address) {
        Instant now = clock.instant();
        long wait = Math.max(refusedFor(addressKey(address), now), isTrusted(user, address, now) ? 0 : refusedFor(userKey(user), now));
        if (wait > 0) {
            throw new TooManyAttempts(wait);
        }
    }

    /** Counts a failed login. */
    synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        Policy p = policy;
        count(addressKey(address), p.perAddress(), now, p);
        if (!isTrusted(user, address, now)) {
            count(userKey(user), p.perUser(), now, p);
        }
    }

    /** A successful login: the address is one of the user's own from now on; the user's failures are forgotten. */
    synchronized void succeeded(String user, String address) {
        trusted.put(pairKey(user, address), clock.instant());
        failures.remove(userKey(user));
    }

    private long refusedFor(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.refusedUntil() == null || !now.isBefore(f.refusedUntil())) {
            return 0;
        }
        return Math.max(1, (Duration.between(now, f.refusedUntil()).toMillis() + 999) / 1000);
    }

    private void count(String key, int allowed, Instant now, Policy p) {
        Failures before = failures.remove(key);
        int count = before == null || before.last().plus(p.window()).isBefore(now) ? 1 : before.count() + 1;
        Instant until = null;
        if (count >= allowed) {
            // 1 s at the limit, doubling with each failure beyond it, never more than maxDelay
            long seconds = Math.min(p.maxDelay().toSeconds(), 1L << Math.min(30, count - allowed));
            until = now.plusSeconds(seconds);
        }
        failures.put(key, new Failures(count, now, until));
    }

    private boolean isTrusted(String user, String address, Instant now) {
        Instant since = trusted.get(pairKey(user, address));
        return since != null && since.plus(TRUST).isAfter(now);
    }

    private static String addressKey(String address) {
        return "address\n" + address;
    }

    private static String userKey(String user) {
        return "user\n" + user;
    }

    private static String pairKey(String user, String address) {
        return user + "\n" + address;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(1024, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_KEYS;
            }
        };
    }

    /** 429: too many failed logins; try again after {@link #retryAfterSeconds()}. */
    static final class TooManyAttempts extends NubisException implements RetryLater {
        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        TooManyAttempts(long retryAfterSeconds) {
            super("too many failed logins from this address or for this user; try again in " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        @Override
        public String code() {
            return "too_many_requests";
        }
    }
}
