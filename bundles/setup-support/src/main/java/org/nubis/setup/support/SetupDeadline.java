package org.nubis.setup.support;

import java.time.Duration;
import org.nubis.api.setup.SetupRun;

/**
 * The deadline of one setup run, counted from when the run started: {@link SetupRun#timeout()}, else
 * the template's {@code setupTimeout}. Without either it is a year away, so that no caller has to
 * handle "no deadline" apart.
 */
public final class SetupDeadline {

    private static final Duration NONE = Duration.ofDays(365);

    private final long started;
    private final Duration timeout;

    private SetupDeadline(Duration timeout) {
        this.started = System.nanoTime();
        this.timeout = timeout == null || timeout.isNegative() ? NONE : timeout;
    }

    /** Starts counting now. */
    public static SetupDeadline of(SetupRun run) {
        Duration timeout = run.timeout();
        if (timeout == null && run.cluster().spec() != null && run.cluster().spec().setupTimeoutSeconds() > 0) {
            timeout = Duration.ofSeconds(run.cluster().spec().setupTimeoutSeconds());
        }
        return new SetupDeadline(timeout);
    }

    /** A deadline {@code timeout} from now (null: none); for tests. */
    static SetupDeadline in(Duration timeout) {
        return new SetupDeadline(timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Zero once the deadline has passed. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime() - System.nanoTime()));
    }

    public boolean passed() {
        return System.nanoTime() - nanoTime() >= 0;
    }

    /** The deadline on {@link System#nanoTime()}'s clock. */
    public long nanoTime() {
        return started + timeout.toNanos();
    }

    /** What a node not done by the deadline is told: {@code setup timed out after N s}. */
    public String timedOut() {
        return "setup timed out after " + SetupMessages.seconds(timeout);
    }
}
