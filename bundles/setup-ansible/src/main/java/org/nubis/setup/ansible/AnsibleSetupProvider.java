package org.nubis.setup.ansible;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.event.NubisEvents;
import org.nubis.api.setup.SetupProvider;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.nubis.setup.support.TemplateFiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The {@code ansible} setup provider: runs each kind's playbooks with the external ansible-playbook
 * against an inventory of the cluster. Activates without Ansible installed; then {@link #validate}
 * and {@link #apply} say how to install it.
 */
@Component(service = SetupProvider.class)
public final class AnsibleSetupProvider implements SetupProvider {

    static final String NAME = "ansible";
    /** Variables Nubis sets per host or run; the template's vars (extra vars, which win) must not hide them. */
    static final Set<String> RESERVED = Set.of("nubis_root", "nubis_cluster", "nubis_kind", "nubis_node_id",
            "nubis_private_ip", "nubis_sandbox", "nubis_become", "nubis_vars");
    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final LocalAnsible ansible;

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
    public AnsibleSetupProvider(@Reference(name = "ansible") LocalAnsible ansible) {
        this.ansible = Objects.requireNonNull(ansible, "ansible");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        AnsibleTool.Probe probe = ansible.tool().probe();
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
        AnsibleTool.Probe probe = ansible.tool().probe();
        if (!probe.usable()) {
            errors.add(probe.problem());
        }
        TemplateFiles playbooks = playbooks(TemplateFiles.templateDir(template));
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
            playbooks.check(errors, field + ".setup.scripts", kind.setupScripts());
            playbooks.check(errors, field + ".setup.refresh", kind.refreshScripts());
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

    /**
     * A template's playbooks: a relative path resolves against the template's directory, and when no
     * such file is there, against the playbooks Nubis ships, {@code ${karaf.etc}/nubis/playbooks}.
     */
    static TemplateFiles playbooks(Path templateDir) {
        return new TemplateFiles(templateDir, TemplateFiles.nubisEtc().resolve("playbooks"), "playbook");
    }

    /**
     * @throws org.nubis.api.InvalidRequestException when ansible-playbook is missing or not supported,
     *                                               before anything runs
     */
    @Override
    public SetupReport apply(SetupRun run) throws InterruptedException {
        AnsibleTool.Probe probe = ansible.tool().require();
        String cluster = run.cluster().name();
        return new AnsibleSetup(ansible, probe, run, line -> output(cluster, line)).execute();
    }
}
