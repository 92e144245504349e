package org.nubis.shell.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.cluster.Cluster;

@Command(scope = "cluster", name = "create", description = "Defines a cluster from a template (creates no node; cluster:start does).")
@Service
public class CreateCommand extends ClusterCommandSupport {

    @Option(name = "--template", aliases = "-t", description = "The template (cluster:templates lists them)", required = true, multiValued = false)
    @Completion(TemplateNameCompleter.class)
    String template;

    @Option(name = "--set", description = "Override, e.g. compute.count=8, compute.flavor=large, cloud=lab, setup.vars.x=y",
            required = false, multiValued = true)
    List<String> settings;

    @Argument(index = 0, name = "name", description = "Name of the new cluster", required = true, multiValued = false)
    String name;

    @Override
    protected void doExecute() {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (settings != null) {
            for (String s : settings) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set " + s + ": use KEY=VALUE, e.g. --set compute.count=8");
                }
                overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
            }
        }
        Cluster c = clusters.create(name, template, overrides);
        System.out.println("Cluster " + name + " created from template " + template + " (" + c.spec().nodeCount()
                + " node(s)). Next: cluster:start " + name);
    }
}
