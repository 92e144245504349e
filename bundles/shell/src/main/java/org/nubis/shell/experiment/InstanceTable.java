package org.nubis.shell.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.machine.Machine;

/** Instances as a table for people ({@code --json} prints the records themselves). */
final class InstanceTable {

    private InstanceTable() {
    }

    static void print(List<Machine> instances, boolean noFormat) {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("State");
        table.column("Host");
        table.column("Port").alignRight();
        table.column("User");
        table.column("Cloud");
        table.column("Cloud ID");
        table.column("Tags");
        for (Machine i : instances) {
            table.addRow().addContent(i.id(), i.state().label(), dash(i.publicHost()), i.sshPort() == 0 ? "-" : i.sshPort(),
                    dash(i.sshUser()), i.cloud(), dash(i.cloudId()), String.join(",", userTags(i)));
        }
        table.print(System.out, !noFormat);
    }

    /** The tags the user gave; the default ones (id, experiment, cloud) are columns already. */
    static List<String> userTags(Machine i) {
        TreeSet<String> tags = new TreeSet<>(i.tags());
        tags.remove(i.id());
        tags.remove(i.experiment());
        tags.remove(i.cloud());
        return new ArrayList<>(tags);
    }


    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
