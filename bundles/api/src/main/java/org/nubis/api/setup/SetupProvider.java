package org.nubis.api.setup;

import java.util.List;
import org.nubis.api.cluster.ClusterTemplate;

/**
 * Configures the nodes of a cluster once they answer SSH (scripts, Ansible playbooks...). Published
 * as an OSGi service; a template names it in {@code setup.provider}.
 */
public interface SetupProvider {

    /** The name templates use, e.g. {@code script} or {@code ansible}. */
    String name();

    String description();

    /**
     * Checks the parts of a template this provider reads, before anything is created.
     *
     * @return every error as {@code field: what is wrong} (e.g. {@code kinds.compute.setup.scripts[0]: no such file
     *         scripts/x.sh}); empty when the template is fine
     */
    List<String> validate(ClusterTemplate template);

    /**
     * Configures {@link SetupRun#configure()} fully and refreshes {@link SetupRun#refresh()} (nodes
     * that must learn about the others), in parallel. A node that fails does not stop the others.
     */
    SetupReport apply(SetupRun run) throws InterruptedException;
}
