package org.nubis.core.experiment;

import java.util.List;
import java.util.stream.Collectors;

/** Quotes words for /bin/sh so that arguments reach a remote script exactly as given. */
final class ShellWords {

    private ShellWords() {
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    static String join(List<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }
}
