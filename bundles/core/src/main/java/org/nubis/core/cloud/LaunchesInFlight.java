package org.nubis.core.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.nubis.api.machine.Machine;
import org.osgi.service.component.annotations.Component;

/**
 * The launches this process is making now. A record is written before its cloud is asked for the
 * machine, so a record without a cloud id is either a launch under way or one a crash cut short;
 * a reconcile asks this which. The service type is private to core.
 */
@Component(service = LaunchesInFlight.class)
public class LaunchesInFlight {

    /** How long a cloud may take to list a machine it created (EC2 lists late), for launches of this process. */
    static final Duration LISTED_LATE = Duration.ofMinutes(5);

    /** Ends a launch: closing it is idempotent. */
    @FunctionalInterface
    public interface Launch extends AutoCloseable {
        @Override
        void close();
    }

    private final Set<String> launches = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final Instant started;

    public LaunchesInFlight() {
        this(Clock.systemUTC());
    }

    LaunchesInFlight(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Marks a launch as under way until the result is closed. */
    public Launch begin(String launch) {
        launches.add(launch);
        return () -> launches.remove(launch);
    }

    /**
     * Whether the cloud may yet create (or list) the machine of a record that has no cloud id: its
     * launch is under way, or was made by this process moments ago. A record from before this
     * process started belongs to a launch that ended with the process that made it.
     */
    public boolean mayStillCreate(Machine m) {
        if (m.launch() != null && launches.contains(m.launch())) {
            return true;
        }
        return !m.createdAt().isBefore(started) && m.createdAt().isAfter(clock.instant().minus(LISTED_LATE));
    }
}
