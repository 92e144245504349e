package org.nubis.core;

/** How an error shows a value the caller sent, which may be huge: its start and its length. */
public final class Echo {

    private static final int SHOWN = 80;

    private Echo() {
    }

    public static String of(String value) {
        return value == null || value.length() <= SHOWN ? value
                : value.substring(0, SHOWN) + "... (" + value.length() + " characters)";
    }
}
