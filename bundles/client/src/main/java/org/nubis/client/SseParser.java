package org.nubis.client;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The text/event-stream format, line by line (the lines already split on CR, LF or CRLF): fields
 * {@code event}, {@code data} (several lines joined with '\n'), {@code id} and {@code retry}; a
 * line starting with ':' is a comment ({@code : keep-alive}); a blank line ends an event. As the
 * HTML spec says, the last id carries over to later events, an event without data is not
 * dispatched, and a half-received event at a dropped connection is discarded ({@link #reset()}).
 */
final class SseParser {

    /** A complete event: {@code data} is the raw text. */
    record Event(String type, String id, String data) {
    }

    private final Consumer<Event> sink;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type;
    private String lastEventId;
    /** The id of the last event dispatched: what a new connection starts from. */
    private String dispatchedId;
    private Duration retry;
    private boolean firstLine = true;

    SseParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    void line(String raw) {
        String line = raw;
        if (firstLine) {
            firstLine = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark may open the stream
            }
        }
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> type = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value.isEmpty() ? null : value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 10) {
                    retry = Duration.ofMillis(Long.parseLong(value));
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    /**
     * A new connection: drop any half-received event (and an id that came with it), keep the id of
     * the last event dispatched and the retry delay.
     */
    void reset() {
        lastEventId = dispatchedId;
        data.setLength(0);
        hasData = false;
        type = null;
        firstLine = true;
    }

    /** The last event id received, or null. */
    String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the server asked for ({@code retry:}), or null. */
    Duration retry() {
        return retry;
    }

    private void dispatch() {
        if (hasData) {
            dispatchedId = lastEventId;
            sink.accept(new Event(type == null || type.isEmpty() ? "message" : type, lastEventId, data.toString()));
        }
        data.setLength(0);
        hasData = false;
        type = null;
    }
}
