package org.nubis.shell.cluster;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.nubis.api.cluster.ClusterService;
import org.osgi.framework.BundleContext;

/** Base of the {@code cluster:} commands: the service, the session, progress, and Ctrl-C handling. */
public abstract class ClusterCommandSupport implements Action {

    @Reference
    protected ClusterService clusters;

    @Reference
    protected Session session;

    @Reference
    protected BundleContext bundleContext;

    @Override
    public Object execute() throws Exception {
        try {
            doExecute();
        } catch (InterruptedException e) {
            System.out.println();
            throw new IllegalStateException("cancelled; the phase was rolled back (see cluster:show)");
        }
        return null;
    }

    protected abstract void doExecute() throws Exception;

    /** Shows the cluster's progress events while {@code work} runs. */
    protected <T> T withProgress(String cluster, Work<T> work) throws Exception {
        try (ClusterProgress progress = ClusterProgress.follow(bundleContext, session, cluster)) {
            return work.run();
        }
    }

    @FunctionalInterface
    protected interface Work<T> {
        T run() throws Exception;
    }
}
