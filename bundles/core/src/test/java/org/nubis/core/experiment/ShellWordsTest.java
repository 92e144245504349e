package org.nubis.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Quoted words must reach a real /bin/sh exactly as given. */
class ShellWordsTest {

    @Test
    void argumentsSurviveTheShellUnchanged() throws Exception {
        List<String> words = List.of("plain", "two words", "it's", "$HOME", "`date`", "a\"b", "semi;colon", "", "new\nline", "*");
        Process p = new ProcessBuilder("/bin/sh", "-c", "for a in " + ShellWords.join(words) + "; do printf '[%s]' \"$a\"; done")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        StringBuilder expected = new StringBuilder();
        words.forEach(w -> expected.append('[').append(w).append(']'));
        assertEquals(expected.toString(), out);
    }
}
