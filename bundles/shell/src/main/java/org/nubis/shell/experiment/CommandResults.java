package org.nubis.shell.experiment;

import java.util.ArrayList;
import java.util.List;
import org.nubis.api.ssh.CommandResult;
import org.nubis.shell.Durations;

/** Prints what each instance did with a command: a header per instance, then its output. */
final class CommandResults {

    private CommandResults() {
    }

    static void print(List<CommandResult> results) {
        for (CommandResult r : results) {
            String status = r.error() != null ? "error: " + r.error() : "exit " + r.exitCode();
            System.out.println("== " + r.targetId() + ": " + status + " (" + Durations.seconds(r.duration()) + ")");
            printBlock(r.stdout(), "");
            printBlock(r.stderr(), "stderr: ");
        }
        long ok = results.stream().filter(CommandResult::succeeded).count();
        System.out.println(ok + " of " + results.size() + " instance(s) succeeded.");
    }

    private static void printBlock(String text, String prefix) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                System.out.println(prefix + line);
            }
        }
    }

}
