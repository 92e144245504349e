package org.nubis.setup.ansible;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.event.NubisEvents;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.SetupProvider;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.nubis.api.ssh.HostKeyPins;
import org.nubis.api.ssh.SshIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code ansible} setup provider: runs each kind's playbooks with the external ansible-playbook
 * against an inventory of the cluster. Activates without Ansible installed; then {@link #validate}
 * and {@link #apply} say how to install it.
 */
@Component(service = SetupProvider.class, configurationPid = AnsibleConfig.PID)
@Designate(ocd = AnsibleConfig.class)
public final class AnsibleSetupProvider implements SetupProvider {

    static final String NAME = "ansible";
    /** Variables Nubis sets per host or run; the template's vars (extra vars, which win) must not hide them. */
    static final Set<String> RESERVED = Set.of("nubis_root", "nubis_cluster", "nubis_kind", "nubis_node_id",
            "nubis_private_ip", "nubis_sandbox", "nubis_become", "nubis_vars");
    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final SshIdentity identity;
    private final HostKeyPins pins;
    private final AnsibleTool tool;
    private final Workspace workspace;
    private final int forks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CloudRegistry clouds;

    /** Where Ansible's output goes as it comes: the cluster's progress events (shell, REST event stream). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private void output(String cluster, String line) {
        EventAdmin e = events;
        if (e != null && !line.isBlank()) {
            e.postEvent(new Event(NubisEvents.CLUSTER_OUTPUT, Map.of(NubisEvents.CLUSTER, cluster, NubisEvents.MESSAGE, line)));
        }
    }

    @Activate
    public AnsibleSetupProvider(@Reference(name = "identity") SshIdentity identity,
                                @Reference(name = "pins") HostKeyPins pins, AnsibleConfig config) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.workspace = Workspace.of(config.workDir());
        this.tool = new AnsibleTool(config.ansiblePlaybook(), workspace);
        this.forks = Math.max(0, config.forks());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        AnsibleTool.Probe probe = tool.probe();
        return "Runs each node kind's Ansible playbooks with ansible-playbook (" + probe.describe() + ")";
    }

    /**
     * Fields are named as in the template's YAML: {@code kinds.K.setup.scripts[i]} (playbooks),
     * {@code kinds.K.setup.refresh[i]}, {@code kinds.K.setup.groups[i]}, {@code setup.vars.NAME}. A
     * missing or unsupported ansible-playbook is one more error, first.
     */
    @Override
    public List<String> validate(ClusterTemplate template) {
        List<String> errors = new ArrayList<>();
        AnsibleTool.Probe probe = tool.probe();
        if (!probe.usable()) {
            errors.add(probe.problem());
        }
        Path dir = Playbooks.templateDir(template);
        for (NodeKind kind : template.kinds().values()) {
            String field = "kinds." + kind.name();
            if (!GROUP_NAME.matcher(kind.name()).matches() || reservedGroup(kind.name())) {
                errors.add(field + ": '" + kind.name() + "' cannot name an Ansible group (letters, digits, '_', '.', '-'; "
                        + "not all or ungrouped)");
            }
            for (int i = 0; i < kind.setupGroups().size(); i++) {
                String group = kind.setupGroups().get(i);
                if (group == null || !GROUP_NAME.matcher(group).matches() || reservedGroup(group)) {
                    errors.add(field + ".setup.groups[" + i + "]: '" + group + "' cannot name an Ansible group "
                            + "(letters, digits, '_', '.', '-'; not all or ungrouped)");
                }
            }
            checkPlaybooks(errors, dir, field + ".setup.scripts", kind.setupScripts());
            checkPlaybooks(errors, dir, field + ".setup.refresh", kind.refreshScripts());
        }
        template.setupVars().keySet().stream().sorted().forEach(name -> {
            if (!VAR_NAME.matcher(name).matches()) {
                errors.add("setup.vars." + name + ": not a valid Ansible variable name (letters, digits and _, "
                        + "not starting with a digit)");
            } else if (RESERVED.contains(name) || name.startsWith("ansible_")) {
                errors.add("setup.vars." + name + ": Nubis sets " + (name.startsWith("ansible_") ? "Ansible's connection "
                        + "variables" : name) + " per host; choose another name");
            }
        });
        return errors;
    }

    private static boolean reservedGroup(String name) {
        return name.equals("all") || name.equals("ungrouped");
    }

    private static void checkPlaybooks(List<String> errors, Path dir, String field, List<String> playbooks) {
        for (int i = 0; i < playbooks.size(); i++) {
            String problem = Playbooks.problem(dir, playbooks.get(i));
            if (problem != null) {
                errors.add(field + "[" + i + "]: " + problem);
            }
        }
    }

    /**
     * @throws org.nubis.api.InvalidRequestException when ansible-playbook is missing or not supported,
     *                                               before anything runs
     */
    @Override
    public SetupReport apply(SetupRun run) throws InterruptedException {
        AnsibleTool.Probe probe = tool.require();
        String cluster = run.cluster().name();
        return new AnsibleSetup(probe, workspace, identity, pins, this::sandbox, forks, run, line -> output(cluster, line)).execute();
    }

    /** A local-cloud sandbox: its address is a loopback one, or its cloud is of type local. */
    boolean sandbox(Machine node) {
        return ClusterHosts.sandbox(node, clouds);
    }
}
