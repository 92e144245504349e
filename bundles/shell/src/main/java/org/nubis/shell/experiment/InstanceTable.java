package org.nubis.shell.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.experiment.Instance;

/** Instances as a table for people, or as data for {@code --json}. */
final class InstanceTable {

    private InstanceTable() {
    }

    static void print(List<Instance> instances, boolean noFormat) {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("State");
        table.column("Host");
        table.column("Port").alignRight();
        table.column("User");
        table.column("Cloud");
        table.column("Cloud ID");
        table.column("Tags");
        for (Instance i : instances) {
            table.addRow().addContent(i.id(), i.state().label(), dash(i.publicHost()), i.sshPort() == 0 ? "-" : i.sshPort(),
                    dash(i.sshUser()), i.cloud(), dash(i.cloudId()), String.join(",", userTags(i)));
        }
        table.print(System.out, !noFormat);
    }

    /** The tags the user gave; the default ones (id, experiment, cloud) are columns already. */
    static List<String> userTags(Instance i) {
        TreeSet<String> tags = new TreeSet<>(i.tags());
        tags.remove(i.id());
        tags.remove(i.experiment());
        tags.remove(i.cloud());
        return new ArrayList<>(tags);
    }

    static List<Map<String, Object>> data(List<Instance> instances) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Instance i : instances) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i.id());
            row.put("experiment", i.experiment());
            row.put("cloud", i.cloud());
            row.put("cloudId", i.cloudId());
            row.put("state", i.state().label());
            row.put("stateReason", i.stateReason());
            row.put("tags", new ArrayList<>(i.tags()));
            row.put("host", i.publicHost());
            row.put("privateHost", i.privateHost());
            row.put("sshPort", i.sshPort());
            row.put("sshUser", i.sshUser());
            row.put("image", i.image());
            row.put("flavor", i.flavor());
            row.put("createdAt", i.createdAt().toString());
            rows.add(row);
        }
        return rows;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
