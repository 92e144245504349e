package org.nubis.shell.fakes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures {@code System.out} during each test, where commands print, and puts the real one back
 * afterwards. Register it with {@code @RegisterExtension}.
 */
public final class SystemOut implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    public void beforeEach(ExtensionContext context) {
        original = System.out;
        bytes.reset();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(original);
    }

    /** What was printed so far. */
    public String text() {
        System.out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public void clear() {
        bytes.reset();
    }
}
