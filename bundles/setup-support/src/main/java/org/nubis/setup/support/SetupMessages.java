package org.nubis.setup.support;

import java.time.Duration;
import java.util.Locale;

/** How node results word things: one-line messages of bounded length, and durations as people read them. */
public final class SetupMessages {

    /** A node's message is shown in tables and events: longer ones are cut. */
    public static final int MESSAGE_LIMIT = 400;

    private SetupMessages() {
    }

    /** {@code text} on one line (line breaks and the spaces around them become one space), at most {@link #MESSAGE_LIMIT} characters. */
    public static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
        return line.length() <= MESSAGE_LIMIT ? line : line.substring(0, MESSAGE_LIMIT - 3) + "...";
    }

    /** The last line of {@code text} that is not blank, stripped; null when there is none. */
    public static String lastLine(String text) {
        if (text == null) {
            return null;
        }
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return null;
    }

    /** {@code 2 s}, {@code 0.35 s}, {@code 12.5 s}; {@code ? s} for null. */
    public static String seconds(Duration duration) {
        if (duration == null) {
            return "? s";
        }
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(Locale.ROOT, millis < 10_000 ? "%.2f s" : "%.1f s", millis / 1000.0);
    }
}
