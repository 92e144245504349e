package org.nubis.shell;

import java.time.Duration;
import java.util.Locale;

/** Seconds as people read them: 0.21 s, 12.5 s. */
public final class Durations {

    private Durations() {
    }

    public static String seconds(Duration d) {
        double s = d == null ? 0 : d.toNanos() / 1e9;
        return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
    }
}
