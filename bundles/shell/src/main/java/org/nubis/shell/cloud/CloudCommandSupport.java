package org.nubis.shell.cloud;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.shell.Json;

/** Base of the {@code cloud:} commands: the registry, and output as a table or as JSON. */
public abstract class CloudCommandSupport implements Action {

    @Reference
    protected CloudRegistry clouds;

    @Option(name = "--json", description = "Print as JSON", required = false, multiValued = false)
    boolean json;

    @Option(name = "--no-color", description = "Plain table output", required = false, multiValued = false)
    boolean noFormat;

    @Override
    public Object execute() {
        if (json) {
            Json.print(System.out, data());
        } else {
            ShellTable table = table();
            table.print(System.out, !noFormat);
            footer();
        }
        return null;
    }

    /** What {@code --json} prints. */
    protected abstract Object data();

    protected abstract ShellTable table();

    protected void footer() {
    }
}
