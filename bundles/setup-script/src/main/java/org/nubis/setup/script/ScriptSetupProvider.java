package org.nubis.setup.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.setup.SetupProvider;
import org.nubis.api.setup.SetupReport;
import org.nubis.api.setup.SetupRun;
import org.nubis.api.ssh.SshEngine;
import org.nubis.setup.support.TemplateFiles;
import org.nubis.setup.support.WorkerPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code script} setup provider: writes the cluster's facts onto every node
 * ({@code .nubis/cluster.env}, {@code .nubis/hosts}) and runs each kind's shell scripts there
 * over SSH, all nodes at once, step by step.
 */
@Component(service = SetupProvider.class)
public final class ScriptSetupProvider implements SetupProvider {

    static final String NAME = "script";
    /**
     * Threads of all runs at once: a run's cluster.env puts (up to 16) and hosts put, then one per
     * distinct script of a step; each waits on the SSH engine, which bounds the hosts in flight itself.
     */
    private static final int THREADS = 32;

    private final SshEngine ssh;
    private final WorkerPool workers;

    @Activate
    public ScriptSetupProvider(@Reference(name = "ssh") SshEngine ssh) {
        this.ssh = Objects.requireNonNull(ssh, "ssh");
        this.workers = new WorkerPool("nubis-setup-script", THREADS);
    }

    /** Interrupts the runs' tasks still going (their nodes fail) and ends the threads. */
    @Deactivate
    void deactivate() {
        workers.close();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Runs each node kind's shell scripts over SSH, with the cluster's facts in .nubis/cluster.env and .nubis/hosts";
    }

    /**
     * Fields are named as in the template's YAML, like the template reader's own errors:
     * {@code kinds.K.setup.scripts[i]}, {@code kinds.K.setup.refresh[i]}, {@code setup.vars.NAME}.
     */
    @Override
    public List<String> validate(ClusterTemplate template) {
        List<String> errors = new ArrayList<>();
        TemplateFiles files = new TemplateFiles(TemplateFiles.templateDir(template), null, "script");
        Map<String, String> kindVariables = new HashMap<>();
        for (NodeKind kind : template.kinds().values()) {
            String field = "kinds." + kind.name();
            files.check(errors, field + ".setup.scripts", kind.setupScripts());
            files.check(errors, field + ".setup.refresh", kind.refreshScripts());
            String variable = ClusterFacts.kindVariable(kind.name());
            String other = kindVariables.putIfAbsent(variable, kind.name());
            if (other != null) {
                errors.add(field + ": kinds " + other + " and " + kind.name() + " would both list their nodes in "
                        + variable + "; rename one");
            }
        }
        template.setupVars().keySet().stream().sorted().forEach(name -> {
            if (!ClusterFacts.isShellName(name)) {
                errors.add("setup.vars." + name + ": not a valid shell variable name (letters, digits and _, "
                        + "not starting with a digit)");
            } else if (name.startsWith(ClusterFacts.PREFIX)) {
                errors.add("setup.vars." + name + ": names starting with " + ClusterFacts.PREFIX
                        + " are Nubis's own (cluster.env sets them)");
            }
        });
        return errors;
    }

    @Override
    public SetupReport apply(SetupRun run) throws InterruptedException {
        return new ScriptSetup(ssh, run, workers.executor()).execute();
    }
}
