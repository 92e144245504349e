package org.nubis.shell.experiment;

import java.util.List;
import org.nubis.api.ssh.TransferResult;
import org.nubis.shell.Durations;

/** Prints one line per copied file, and fails the command when any copy failed. */
final class TransferResults {

    private TransferResults() {
    }

    static void printAndCheck(List<TransferResult> results, String verb) {
        for (TransferResult r : results) {
            if (r.succeeded()) {
                System.out.println(r.targetId() + ": " + verb + " " + r.bytes() + " bytes (" + Durations.seconds(r.duration())
                        + ") " + r.remotePath() + (verb.equals("got") ? " -> " : " <- ") + r.localPath());
            } else {
                System.out.println(r.targetId() + ": failed: " + r.error());
            }
        }
        long failed = results.stream().filter(r -> !r.succeeded()).count();
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + results.size() + " transfer(s) failed");
        }
        System.out.println(results.size() + " transfer(s) done.");
    }
}
