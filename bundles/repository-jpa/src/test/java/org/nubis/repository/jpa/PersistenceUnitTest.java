package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.NubisException;

/** Opening the unit: which databases, and no secrets in what a failure says or logs. */
class PersistenceUnitTest {

    @TempDir
    Path dir;
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger eclipseLink = Logger.getLogger("org.eclipse.persistence");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        eclipseLink.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        eclipseLink.removeHandler(capture);
    }

    @Test
    void refusesUnsupportedDatabases() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PersistenceUnit.open("jdbc:mysql://db/x?password=secret", "u", "p", dir));
        assertTrue(e.getMessage().contains("jdbc:mysql://db/x'"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "the URL's parameters may hold secrets");
    }

    @Test
    void aRefusedConnectionSaysWhereButNotTheSecrets() throws Exception {
        // Port 1 on the loopback: nothing listens, the refusal is immediate.
        NubisException e = failToOpen("jdbc:postgresql://127.0.0.1:1/nubis?password=UrlSecret1&sslpassword=UrlSecret2",
                "PropSecret3");
        assertTrue(e.getMessage().startsWith("could not open the database jdbc:postgresql://127.0.0.1:1/nubis as user 'nubis': "),
                e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertNoSecrets(e, "UrlSecret1", "UrlSecret2", "PropSecret3");
    }

    @Test
    void aUrlTheDriverRejectsIsNotRepeatedWithItsSecrets() throws Exception {
        // The driver answers null for a URL it cannot parse; EclipseLink then names the URL in its error.
        NubisException e = failToOpen("jdbc:postgresql://127.0.0.1:notaport/nubis?password=UrlSecret4", "PropSecret5");
        assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:notaport/nubis"), e.getMessage());
        assertNoSecrets(e, "UrlSecret4", "PropSecret5");
        assertTrue(printed(e).contains("jdbc:postgresql://127.0.0.1:notaport/nubis"),
                "EclipseLink's message with the (redacted) URL is still there to help: " + printed(e));
    }

    @Test
    void aWrongPasswordIsNotRepeated() throws Exception {
        PostgresDatabase.requireAvailable(getClass());
        NubisException e = failToOpen(PostgresDatabase.URL, "WrongSecret6");
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        assertNoSecrets(e, "WrongSecret6");
    }

    @Test
    void anH2PasswordInTheUrlIsNotRepeated() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        String url = "jdbc:h2:file:" + dir.resolve("db/nubis");
        // The database is created with the password the URL gives; opening it without is refused.
        PersistenceUnit.open(url + ";PASSWORD=H2Secret7", "nubis", "", root).close();
        NubisException e = failToOpen(url, "H2Secret8");
        assertTrue(e.getMessage().contains("Wrong user name or password"), e.getMessage());
        assertNoSecrets(e, "H2Secret7", "H2Secret8");
    }

    private NubisException failToOpen(String url, String password) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        return assertThrows(NubisException.class, () -> PersistenceUnit.open(url, "nubis", password, root));
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** Neither the exception (messages, causes, printed trace) nor EclipseLink's log names a secret. */
    private void assertNoSecrets(Throwable e, String... secrets) {
        StringBuilder all = new StringBuilder();
        if (e != null) {
            all.append(printed(e));
        }
        synchronized (logged) {
            for (LogRecord r : logged) {
                all.append('\n').append(r.getLoggerName()).append(' ').append(r.getMessage());
                if (r.getThrown() != null) {
                    all.append('\n').append(printed(r.getThrown()));
                }
            }
        }
        for (String secret : secrets) {
            assertFalse(all.toString().contains(secret), secret + " appears in:\n" + all);
        }
    }
}
