package org.nubis.shell.cluster;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.nubis.api.cluster.ClusterService;
import org.nubis.shell.CancellableAction;
import org.osgi.framework.BundleContext;

/** Base of the {@code cluster:} commands: the service, the session, and progress. */
public abstract class ClusterCommandSupport extends CancellableAction {

    @Reference
    protected ClusterService clusters;

    @Reference
    protected Session session;

    @Reference
    protected BundleContext bundleContext;

    @Override
    protected String cancelled() {
        return "cancelled; the phase was rolled back (see cluster:show)";
    }

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
