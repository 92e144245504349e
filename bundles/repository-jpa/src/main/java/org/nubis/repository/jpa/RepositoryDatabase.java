package org.nubis.repository.jpa;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.persistence.EntityManagerFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The one EclipseLink persistence unit of this bundle, shared by the repositories: configured by
 * {@code etc/org.nubis.repository.cfg}, opened on activation and closed on deactivation. A
 * configuration change reopens it, and the repositories (static references) follow. The service
 * type is private to this bundle.
 */
@Component(service = RepositoryDatabase.class, configurationPid = "org.nubis.repository")
@Designate(ocd = RepositoryConfig.class)
public class RepositoryDatabase {

    private volatile EntityManagerFactory emf;

    public RepositoryDatabase() {
        // for Declarative Services
    }

    @Activate
    void activate(RepositoryConfig config, BundleContext context) throws Exception {
        String url = config.url().isBlank() ? defaultUrl() : config.url().trim();
        Path root = context.getDataFile("persistence-root").toPath();
        Files.createDirectories(root);
        emf = PersistenceUnit.open(url, config.user(), config.password(), root);
    }

    static String defaultUrl() {
        String data = System.getProperty("karaf.data", System.getProperty("user.home") + "/.nubis");
        return "jdbc:h2:file:" + Path.of(data, "nubis", "db", "nubis");
    }

    @Deactivate
    void deactivate() {
        EntityManagerFactory factory = emf;
        emf = null;
        if (factory != null && factory.isOpen()) {
            factory.close();
        }
    }

    EntityManagerFactory emf() {
        EntityManagerFactory factory = emf;
        if (factory == null) {
            throw new IllegalStateException("the repository database is closed");
        }
        return factory;
    }
}
