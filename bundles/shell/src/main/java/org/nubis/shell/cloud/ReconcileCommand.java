package org.nubis.shell.cloud;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nubis.api.cluster.ReconcileReport;
import org.nubis.api.cluster.Reconciler;
import org.nubis.shell.Json;

@Command(scope = "cloud", name = "reconcile",
        description = "Compares Nubis's records with what each cloud reports: adopts what belongs to known clusters and experiments, "
                + "reports orphans (destroys them with --destroy-orphans), and finishes or rolls back interrupted phases.")
@Service
public class ReconcileCommand implements Action {

    @Reference
    private Reconciler reconciler;

    @Option(name = "--destroy-orphans", description = "Destroy cloud instances that carry this Nubis's tags but belong to nothing known",
            required = false, multiValued = false)
    boolean destroyOrphans;

    @Option(name = "--json", description = "Print the report as JSON", required = false, multiValued = false)
    boolean json;

    @Override
    public Object execute() {
        ReconcileReport r = reconciler.reconcile(destroyOrphans);
        if (json) {
            Json.print(System.out, r);
            return null;
        }
        section("Adopted", r.adopted());
        section("Orphans" + (destroyOrphans ? "" : " (cloud:reconcile --destroy-orphans destroys them)"), r.orphans());
        section("Destroyed", r.destroyed());
        section("Gone from their cloud", r.gone());
        section("Interrupted phases", r.phases());
        section("Clouds not asked", r.unavailable());
        int total = r.adopted().size() + r.orphans().size() + r.destroyed().size() + r.gone().size() + r.phases().size();
        if (total > 0) {
            System.out.println(total + " finding(s).");
        } else if (r.unavailable().isEmpty()) {
            System.out.println("Records and clouds agree.");
        } else {
            // not "agree": a cloud that could not be asked may hold what the records do not
            System.out.println("Records agree with the clouds asked; " + r.unavailable().size() + " could not be asked.");
        }
        return null;
    }

    private static void section(String title, List<String> lines) {
        if (!lines.isEmpty()) {
            System.out.println(title + ":");
            lines.forEach(l -> System.out.println("  " + l));
        }
    }
}
