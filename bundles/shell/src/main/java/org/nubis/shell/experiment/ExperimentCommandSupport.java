package org.nubis.shell.experiment;

import java.nio.file.Path;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.nubis.api.experiment.ExperimentService;
import org.nubis.shell.CancellableAction;

/** Base of the {@code exp:} commands: the service and the session. */
public abstract class ExperimentCommandSupport extends CancellableAction {

    @Reference
    protected ExperimentService experiments;

    @Reference
    protected Session session;

    /** A local path as the user means it: relative to the shell's current directory. */
    protected Path localPath(String path) {
        return session.currentDir().resolve(path).normalize();
    }
}
