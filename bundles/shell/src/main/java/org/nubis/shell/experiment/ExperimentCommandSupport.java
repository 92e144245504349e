package org.nubis.shell.experiment;

import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.nubis.api.experiment.ExperimentService;

/** Base of the {@code exp:} commands: the service, the session, and Ctrl-C handling. */
public abstract class ExperimentCommandSupport implements Action {

    @Reference
    protected ExperimentService experiments;

    @Reference
    protected Session session;

    @Override
    public Object execute() throws Exception {
        try {
            doExecute();
        } catch (InterruptedException e) {
            // Ctrl-C: the service has already abandoned the work in flight.
            System.out.println();
            throw new IllegalStateException("cancelled");
        }
        return null;
    }

    protected abstract void doExecute() throws Exception;

    /** A local path as the user means it: relative to the shell's current directory. */
    protected Path localPath(String path) {
        return session.currentDir().resolve(path).normalize();
    }
}
