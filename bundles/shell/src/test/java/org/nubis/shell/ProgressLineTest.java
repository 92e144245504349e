package org.nubis.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.karaf.shell.api.console.Terminal;
import org.junit.jupiter.api.Test;
import org.nubis.shell.fakes.Consoles;

class ProgressLineTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private ProgressLine<Integer> line(Terminal terminal) {
        return new ProgressLine<>(Consoles.session(new PrintStream(console, true, StandardCharsets.UTF_8), terminal, Path.of(".")),
                "run", exit -> exit != 0);
    }

    private String printed() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalOneLineIsRewrittenCountingFailuresAndClearedAtTheEnd() {
        try (ProgressLine<Integer> p = line(Consoles.terminal("xterm", 100))) {
            p.completed(0, 1, 3);
            p.completed(2, 2, 3);
            p.completed(1, 3, 3);
        }
        assertEquals("\rrun: 1/3 done\u001b[K\rrun: 2/3 done, 1 failed\u001b[K\rrun: 3/3 done, 2 failed\u001b[K\r\u001b[K", printed());
    }

    @Test
    void withoutARealTerminalNothingIsPrinted() {
        for (Terminal t : new Terminal[] {null, Consoles.terminal("dumb", 80), Consoles.terminal("xterm", 0),
                Consoles.terminal(null, 80)}) {
            try (ProgressLine<Integer> p = line(t)) {
                p.completed(1, 1, 1);
            }
        }
        assertEquals("", printed(), "scripts read the final output only");
    }

    @Test
    void nothingCompletedLeavesNothingToClear() {
        try (ProgressLine<Integer> p = line(Consoles.terminal("xterm", 100))) {
            assertTrue(ProgressLine.isInteractive(Consoles.terminal("xterm", 100)));
        }
        assertEquals("", printed());
        assertFalse(ProgressLine.isInteractive(Consoles.terminal("dumb-color", 100)));
    }
}
