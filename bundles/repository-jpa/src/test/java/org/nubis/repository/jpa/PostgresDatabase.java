package org.nubis.repository.jpa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema in the test PostgreSQL database, dropped at the end: {@code NUBIS_TEST_POSTGRES_URL},
 * {@code NUBIS_TEST_POSTGRES_USER}, {@code NUBIS_TEST_POSTGRES_PASSWORD}, by default
 * {@code jdbc:postgresql://127.0.0.1:5432/nubis_test}, nubis / nubis ({@code .ci/run} sets it up).
 * When it cannot be reached the tests are skipped with a printed reason, except with
 * {@code CI=true}, where they fail.
 */
final class PostgresDatabase implements TestDatabase {

    static final String URL = env("NUBIS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/nubis_test");
    static final String USER = env("NUBIS_TEST_POSTGRES_USER", "nubis");
    static final String PASSWORD = env("NUBIS_TEST_POSTGRES_PASSWORD", "nubis");
    private static final String PREFIX = "nubis_t_";
    /** Schemas left behind by a test JVM that died are dropped after this long. */
    private static final long STALE_SECONDS = 3600;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static volatile String unavailable;
    private static volatile boolean checked;

    private final Path dir;
    private final String schema;

    private PostgresDatabase(Path dir, String schema) {
        this.dir = dir;
        this.schema = schema;
    }

    /** A new schema; skips (or in CI fails) the calling test when PostgreSQL is not there. */
    static PostgresDatabase create(Path dir, Class<?> testClass) throws SQLException {
        requireAvailable(testClass);
        String schema = PREFIX + System.currentTimeMillis() / 1000 + "_" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        execute("CREATE SCHEMA " + schema);
        return new PostgresDatabase(dir, schema);
    }

    static void requireAvailable(Class<?> testClass) {
        String reason = unavailableReason();
        if (reason == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(reason + "; CI=true requires it (.ci/run installs and starts it)");
        }
        if (REPORTED.add(testClass.getName())) {
            System.out.println("SKIPPED: " + testClass.getSimpleName() + ": " + reason);
        }
        Assumptions.abort(reason);
    }

    private static synchronized String unavailableReason() {
        if (!checked) {
            checked = true;
            try (Connection c = connectServer()) {
                dropStaleSchemas(c);
            } catch (SQLException e) {
                unavailable = "PostgreSQL " + Redaction.url(URL) + " (user '" + USER + "') is not reachable: "
                        + Redaction.text(e.getMessage(), Redaction.secretsOf(URL, PASSWORD))
                        + "; set NUBIS_TEST_POSTGRES_URL/_USER/_PASSWORD or start it";
            }
        }
        return unavailable;
    }

    private static Connection connectServer() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    private static void dropStaleSchemas(Connection c) throws SQLException {
        List<String> stale = new ArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '" + PREFIX + "%'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String[] parts = name.substring(PREFIX.length()).split("_");
                try {
                    if (now - Long.parseLong(parts[0]) > STALE_SECONDS) {
                        stale.add(name);
                    }
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : stale) {
                s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = connectServer(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public EntityManagerFactory open() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        return PersistenceUnit.open(url(), USER, PASSWORD, root);
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
    }

    @Override
    public String lobType() {
        return "TEXT";
    }

    @Override
    public void drop() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
