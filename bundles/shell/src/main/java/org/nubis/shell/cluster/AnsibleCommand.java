package org.nubis.shell.cluster;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.setup.AdHocCommands.AdHocResult;
import org.nubis.api.setup.AdHocCommands;

/** One Ansible module over a cluster's nodes, as {@code ansible -m MODULE -a ARGS} would run it. */
@Command(scope = "cluster", name = "ansible",
        description = "Runs one Ansible module on a cluster's running nodes (all, or --limit KIND|GROUP|NODE).")
@Service
public class AnsibleCommand extends ClusterCommandSupport {

    @Reference(optional = true)
    AdHocCommands adHoc;

    @Option(name = "--limit", description = "A kind, a setup group or a node id", required = false, multiValued = false)
    String limit;

    @Argument(index = 0, name = "cluster", description = "The cluster", required = true, multiValued = false)
    @Completion(ClusterNameCompleter.class)
    String cluster;

    @Argument(index = 1, name = "module", description = "The Ansible module, e.g. shell, command, ping, copy", required = true,
            multiValued = false)
    String module;

    @Argument(index = 2, name = "args", description = "The module's arguments, e.g. 'uptime'", required = false,
            multiValued = true)
    List<String> args;

    @Override
    protected void doExecute() throws Exception {
        if (adHoc == null) {
            throw new InvalidRequestException("the ansible setup provider (bundle nubis-setup-ansible) is not running; see bundle:list");
        }
        List<AdHocResult> results = adHoc.run(cluster, limit, module, args == null ? "" : String.join(" ", args));
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Status");
        table.column("Output");
        results.forEach(r -> table.addRow().addContent(r.nodeId(), r.status() + (r.changed() ? " (changed)" : ""),
                r.output() == null ? "" : r.output().strip()));
        table.print(System.out, true);
        long failed = results.stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            throw new InvalidRequestException(failed + " of " + results.size() + " node(s) failed; see the table above");
        }
    }
}
