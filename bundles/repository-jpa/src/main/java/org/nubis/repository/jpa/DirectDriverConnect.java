package org.nubis.repository.jpa;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.DefaultConnector;
import org.eclipse.persistence.sessions.DirectConnector;
import org.eclipse.persistence.sessions.Login;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.server.ConnectionPool;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * Makes EclipseLink connect through the JDBC driver class itself, never through
 * {@link java.sql.DriverManager}. Inside OSGi the DriverManager only offers drivers that the
 * caller's class loader (EclipseLink's) can see: it answers "No suitable driver" for PostgreSQL,
 * and EclipseLink then reports that instead of the driver's own error (a wrong password, a refused
 * connection). The driver class is loaded through this bundle, which imports it. EclipseLink
 * creates this customizer by class name ({@code eclipselink.session.customizer}).
 */
public class DirectDriverConnect implements SessionCustomizer {

    public DirectDriverConnect() {
        // for EclipseLink
    }

    @Override
    public void customize(Session session) {
        List<Login> logins = new ArrayList<>();
        logins.add(session.getDatasourceLogin());
        if (session instanceof ServerSession server) {
            for (ConnectionPool pool : server.getConnectionPools().values()) {
                logins.add(pool.getLogin());
            }
            logins.add(server.getReadConnectionPool().getLogin());
        }
        for (Login login : logins) {
            if (login instanceof DatabaseLogin db && db.getConnector() instanceof DefaultConnector c
                    && !(c instanceof DirectConnector)) {
                db.setConnector(new DirectConnector(c.getDriverClassName(), c.getDriverURLHeader(), c.getDatabaseURL()));
            }
        }
    }
}
