package org.nubis.ssh.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one call has under way (connects, channels, SFTP clients), so that an interrupted caller
 * can stop all of it at once: MINA's blocking waits do not react to thread interrupts, closing does.
 */
final class InFlight {

    private static final Logger LOG = LoggerFactory.getLogger(InFlight.class);

    private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();
    private volatile boolean abandoned;

    /** Registers how to stop one thing; if the call was abandoned already, stops it right away. */
    Registration add(Runnable abort) {
        Registration registration = new Registration(abort);
        registrations.add(registration);
        if (abandoned) {
            registration.abort();
        }
        return registration;
    }

    boolean abandoned() {
        return abandoned;
    }

    void abandon() {
        abandoned = true;
        for (Registration registration : registrations) {
            registration.abort();
        }
    }

    final class Registration implements AutoCloseable {
        private final Runnable abort;

        private Registration(Runnable abort) {
            this.abort = abort;
        }

        private void abort() {
            if (registrations.remove(this)) {
                try {
                    abort.run();
                } catch (RuntimeException e) {
                    LOG.debug("Stopping work in flight failed", e);
                }
            }
        }

        @Override
        public void close() {
            registrations.remove(this);
        }
    }
}
