package org.nubis.repository.jpa;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.persistence.EntityManagerFactory;
import javax.persistence.SharedCacheMode;
import javax.persistence.ValidationMode;
import javax.persistence.spi.ClassTransformer;
import javax.persistence.spi.PersistenceUnitInfo;
import javax.persistence.spi.PersistenceUnitTransactionType;
import javax.sql.DataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;

/**
 * Bootstraps EclipseLink for Nubis's entities without persistence.xml scanning, JNDI or a
 * JPA container: the unit is described in code and handed to the provider directly. That works
 * the same inside OSGi (where archive scanning of bundle: URLs fails) and in plain unit tests.
 */
final class PersistenceUnit implements PersistenceUnitInfo {

    static final String NAME = "nubis";
    private static final List<String> ENTITIES = List.of(ExperimentEntity.class.getName(), InstanceEntity.class.getName());

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

    static EntityManagerFactory open(String jdbcUrl, String user, String password, Path emptyRoot) {
        Map<String, Object> props = new HashMap<>();
        props.put("javax.persistence.jdbc.url", jdbcUrl);
        props.put("javax.persistence.jdbc.user", user);
        if (password != null && !password.isEmpty()) {
            // Left out when empty: EclipseLink "decrypts" an empty password and logs a warning.
            props.put("javax.persistence.jdbc.password", password);
        }
        props.put("javax.persistence.jdbc.driver", driverFor(jdbcUrl));
        props.put("eclipselink.ddl-generation", "create-or-extend-tables");
        props.put("eclipselink.ddl-generation.output-mode", "database");
        props.put("eclipselink.weaving", "false");
        // java.util.logging reaches Karaf's log; EclipseLink's default logger prints to stdout.
        props.put("eclipselink.logging.logger", "JavaLogger");
        props.put("eclipselink.logging.level", "WARNING");
        props.put("eclipselink.connection-pool.default.initial", "1");
        props.put("eclipselink.connection-pool.default.max", "8");
        props.put("eclipselink.cache.shared.default", "false");
        EntityManagerFactory emf = new PersistenceProvider()
                .createContainerEntityManagerFactory(new PersistenceUnit(emptyRoot), props);
        emf.createEntityManager().close(); // connect and create tables now, not on first use
        return emf;
    }

    private static String driverFor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + jdbcUrl.replaceAll("[;?].*", "")
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
