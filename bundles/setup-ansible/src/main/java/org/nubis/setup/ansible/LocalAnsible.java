package org.nubis.setup.ansible;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.HostKeyPins;
import org.nubis.api.ssh.SshIdentity;
import org.nubis.setup.support.WorkerPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Ansible of the machine Nubis runs on, as configured ({@code etc/org.nubis.setup.ansible.cfg}),
 * and what each of its runs needs: the work directory, Nubis's SSH key and pinned host keys, whether a
 * node is a local-cloud sandbox, and the threads that read Ansible's output. One component, shared by
 * the setup provider and the ad-hoc commands; a service of this bundle's own, which no other bundle
 * can see.
 */
@Component(service = LocalAnsible.class, configurationPid = AnsibleConfig.PID)
@Designate(ocd = AnsibleConfig.class)
public final class LocalAnsible {

    /** Commands whose output is read at once (one thread each; two for ad-hoc commands); more wait their turn. */
    private static final int READER_THREADS = 32;
    /** Forks when none are configured: one per host of the run, at most this. */
    private static final int MAX_FORKS = 50;

    private final SshIdentity identity;
    private final HostKeyPins pins;
    private final Workspace workspace;
    private final int forks;
    private final WorkerPool readers;
    private final AnsibleProcess processes;
    private final AnsibleTool tool;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CloudRegistry clouds;

    @Activate
    public LocalAnsible(@Reference(name = "identity") SshIdentity identity, @Reference(name = "pins") HostKeyPins pins,
                        AnsibleConfig config) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.workspace = Workspace.of(config.workDir());
        this.forks = Math.max(0, config.forks());
        this.readers = new WorkerPool("nubis-ansible-output", READER_THREADS);
        this.processes = new AnsibleProcess(readers.executor());
        this.tool = new AnsibleTool(config.ansiblePlaybook(), workspace, processes);
    }

    /** Stops the commands' readers (a command still running then is stopped and fails). */
    @Deactivate
    void deactivate() {
        readers.close();
    }

    AnsibleTool tool() {
        return tool;
    }

    Workspace workspace() {
        return workspace;
    }

    /** Whether Nubis pinned the node's host key, that is, has reached it over SSH. */
    boolean pinned(String nodeId) {
        return pins.pinned(nodeId).isPresent();
    }

    /**
     * Writes a new run's files for a cluster: its nodes that have an SSH address are in the inventory
     * (with their kinds' groups and pinned keys), the template's vars are the extra vars.
     *
     * @param prefix  of the run directory's name ({@code adhoc-}, or empty for a setup)
     * @param targets the hosts the run works on, for the number of forks
     */
    AnsibleRun newRun(String cluster, ClusterTemplate spec, String prefix, List<Machine> nodes, int targets)
            throws IOException {
        int size = forks > 0 ? forks : Math.min(MAX_FORKS, Math.max(1, targets));
        return AnsibleRun.create(workspace, processes, cluster, prefix, ClusterHosts.of(spec, nodes, pins, this::sandbox),
                ClusterHosts.groupOrder(spec), identity.privateKeyFile(), spec == null ? Map.of() : spec.setupVars(), size);
    }

    /** A local-cloud sandbox: its address is a loopback one, or its cloud is of type local. */
    boolean sandbox(Machine node) {
        return ClusterHosts.sandbox(node, clouds);
    }
}
