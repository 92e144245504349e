package org.nubis.shell;

import org.apache.karaf.shell.api.action.Action;

/**
 * A command whose work stops on Ctrl-C: Karaf interrupts the command's thread, the Nubis service
 * abandons (and where it must, rolls back) what was under way, and the user reads one line.
 */
public abstract class CancellableAction implements Action {

    @Override
    public Object execute() throws Exception {
        try {
            doExecute();
        } catch (InterruptedException e) {
            System.out.println();
            throw new IllegalStateException(cancelled());
        }
        return null;
    }

    protected abstract void doExecute() throws Exception;

    /** What the user reads after Ctrl-C. */
    protected String cancelled() {
        return "cancelled";
    }
}
