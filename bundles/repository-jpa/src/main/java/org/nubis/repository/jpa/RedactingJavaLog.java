package org.nubis.repository.jpa;

import org.eclipse.persistence.logging.JavaLog;
import org.eclipse.persistence.logging.SessionLogEntry;

/**
 * EclipseLink's java.util.logging log (which reaches Karaf's log), with JDBC URLs stripped of
 * their parameters and user info, and secret key=value pairs masked, in every message and logged
 * exception. EclipseLink creates it by class name ({@code eclipselink.logging.logger}).
 */
public class RedactingJavaLog extends JavaLog {

    public RedactingJavaLog() {
        // for EclipseLink
    }

    @Override
    public void log(SessionLogEntry entry) {
        if (!shouldLog(entry.getLevel(), entry.getNameSpace())) {
            return;
        }
        SessionLogEntry safe = new SessionLogEntry(entry.getLevel(), entry.getNameSpace(), entry.getSession(),
                Redaction.text(formatMessage(entry)), null, entry.getConnection(), false);
        safe.setDate(entry.getDate());
        safe.setThread(entry.getThread());
        safe.setSourceClassName(entry.getSourceClassName());
        safe.setSourceMethodName(entry.getSourceMethodName());
        if (entry.getException() != null) {
            safe.setException(Redaction.exception(entry.getException(), java.util.List.of()));
        }
        super.log(safe);
    }

    @Override
    public void throwing(Throwable throwable) {
        super.throwing(throwable == null ? null : Redaction.exception(throwable, java.util.List.of()));
    }
}
