package org.nubis.repository.jpa;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.persistence.EntityManagerFactory;
import javax.persistence.SharedCacheMode;
import javax.persistence.ValidationMode;
import javax.persistence.spi.ClassTransformer;
import javax.persistence.spi.PersistenceUnitInfo;
import javax.persistence.spi.PersistenceUnitTransactionType;
import javax.sql.DataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.nubis.api.NubisException;

/**
 * Bootstraps EclipseLink for Nubis's entities without persistence.xml scanning, JNDI or a
 * JPA container: the unit is described in code and handed to the provider directly. That works
 * the same inside OSGi (where archive scanning of bundle: URLs fails) and in plain unit tests.
 */
final class PersistenceUnit implements PersistenceUnitInfo {

    static final String NAME = "nubis";
    private static final List<String> ENTITIES = List.of(ExperimentEntity.class.getName(), MachineEntity.class.getName(),
            ClusterEntity.class.getName(), NodeCounterEntity.class.getName(), ApiKeyEntity.class.getName());
    /** Session names: EclipseLink would otherwise build one from the URL, password parameters included. */
    private static final AtomicLong SESSIONS = new AtomicLong();

    private final ClassLoader classLoader = PersistenceUnit.class.getClassLoader();
    private final URL rootUrl;

    /** @param emptyRoot an empty directory: EclipseLink wants a unit root but finds nothing to scan there */
    private PersistenceUnit(Path emptyRoot) {
        try {
            this.rootUrl = emptyRoot.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Opens the unit on a database and creates or extends its tables.
     *
     * @throws NubisException if the database cannot be reached or set up; its message and causes
     *                        show the URL without parameters or user info, and never the password
     */
    static EntityManagerFactory open(String jdbcUrl, String user, String password, Path emptyRoot) {
        String driver = driverFor(jdbcUrl);
        Map<String, Object> props = new HashMap<>();
        props.put("javax.persistence.jdbc.url", durable(jdbcUrl));
        props.put("javax.persistence.jdbc.user", user);
        if (password != null && !password.isEmpty()) {
            // Left out when empty: EclipseLink "decrypts" an empty password and logs a warning.
            props.put("javax.persistence.jdbc.password", password);
        }
        props.put("javax.persistence.jdbc.driver", driver);
        // EclipseLink names the session, and so its loggers, after the URL unless told otherwise;
        // a unique name also keeps two units on different databases apart in its caches.
        props.put("eclipselink.session-name", "nubis-" + SESSIONS.incrementAndGet());
        // Connect through the driver class (imported by this bundle), not DriverManager.
        props.put("eclipselink.session.customizer", DirectDriverConnect.class.getName());
        props.put("eclipselink.ddl-generation", "create-or-extend-tables");
        props.put("eclipselink.ddl-generation.output-mode", "database");
        props.put("eclipselink.weaving", "false");
        // java.util.logging reaches Karaf's log (EclipseLink's default logger prints to stdout);
        // this one also strips secrets from what it logs.
        props.put("eclipselink.logging.logger", RedactingJavaLog.class.getName());
        props.put("eclipselink.logging.level", "WARNING");
        props.put("eclipselink.connection-pool.default.initial", "1");
        props.put("eclipselink.connection-pool.default.max", "8");
        props.put("eclipselink.cache.shared.default", "false");
        EntityManagerFactory emf = null;
        try {
            emf = new PersistenceProvider().createContainerEntityManagerFactory(new PersistenceUnit(emptyRoot), props);
            emf.createEntityManager().close(); // connect and create tables now, not on first use
            LegacyMachineTables.migrate(new Transactions(emf));
            return emf;
        } catch (RuntimeException | LinkageError e) {
            if (emf != null) {
                try {
                    emf.close(); // undeploys the failed session
                } catch (RuntimeException ignored) {
                    // already failed
                }
            }
            List<String> secrets = Redaction.secretsOf(jdbcUrl, password);
            String hint = driverMissing(e, driver) ? " (is the JDBC driver " + driver + " installed?)" : "";
            throw new NubisException("could not open the database " + Redaction.url(jdbcUrl) + " as user '" + user
                    + "': " + Redaction.text(rootMessage(e), secrets) + hint, Redaction.exception(e, secrets));
        }
    }

    /** EclipseLink could not load the driver class (its error 4003 has no cause to look at). */
    private static boolean driverMissing(Throwable e, String driver) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClassNotFoundException
                    || (t.getMessage() != null && t.getMessage().contains("Class [" + driver + "] not found"))) {
                return true;
            }
        }
        return false;
    }

    /** The driver's own message (the first SQLException in the chain), else the deepest cause's. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException && t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().strip();
            }
            root = t;
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }

    /**
     * H2 writes committed transactions to its file up to half a second later by default: a process
     * killed in that window loses them, and with them the write-ahead records of cloud resources.
     * Unless the URL says otherwise, commits are written at once.
     */
    static String durable(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
            return jdbcUrl + ";WRITE_DELAY=0";
        }
        return jdbcUrl;
    }

    private static String driverFor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + Redaction.url(jdbcUrl)
                + "': use jdbc:h2:... or jdbc:postgresql:...");
    }

    @Override
    public String getPersistenceUnitName() {
        return NAME;
    }

    @Override
    public String getPersistenceProviderClassName() {
        return PersistenceProvider.class.getName();
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
        return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return null;
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    @Override
    public URL getPersistenceUnitRootUrl() {
        return rootUrl;
    }

    @Override
    public List<String> getManagedClassNames() {
        return ENTITIES;
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
        return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        return new Properties();
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "2.2";
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public void addTransformer(ClassTransformer transformer) {
        // weaving is off
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
        return classLoader;
    }
}
