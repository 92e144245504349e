package org.nubis.api.experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.nubis.api.Progress;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.TransferResult;

/**
 * Experiments with precip's semantics: instances addressed by tags. In every method a set of
 * tags selects the instances of the experiment that carry all of them; an empty set selects all.
 * A non-empty set that matches nothing is an error (a {@link org.nubis.api.NotFoundException}
 * naming the tags that exist). Fan-outs run on all selected instances in parallel. A fan-out asks
 * the clouds only about the instances not recorded as running, and about those SSH could not
 * reach (to say why, or to reach them at their new address).
 */
public interface ExperimentService {

    Experiment create(String name);

    List<Experiment> experiments();

    Experiment experiment(String name);

    /** Deprovisions every instance of the experiment, then forgets it. */
    void destroy(String name);

    /**
     * Asks the cloud for instances and returns them at once, usually still pending. Every
     * instance gets the default tags: its id, the experiment name and the cloud name.
     */
    List<Machine> provision(String experiment, ProvisionRequest request);

    /**
     * Checks a provision request as {@link #provision} would (the experiment, the count against the
     * cloud's limit, the tags, the image and the flavor) and creates nothing: for callers that
     * answer at once and provision later.
     *
     * @throws org.nubis.api.NubisException the same error {@link #provision} would throw for the request
     */
    void checkProvision(String experiment, ProvisionRequest request);

    /**
     * Barrier: returns when every selected instance is running and answers SSH.
     *
     * @throws NotReadyException on timeout, naming the instances that are not ready and why
     */
    List<Machine> awaitReady(String experiment, Set<String> tags, Duration timeout,
                              Progress<Machine> progress) throws InterruptedException;

    /** The selected instances, with their state refreshed from their clouds. */
    List<Machine> list(String experiment, Set<String> tags);

    /**
     * The selected instances as Nubis last recorded them, without asking their clouds: checks the
     * experiment and the tags (the same errors as {@link #list}) at the cost of a database read.
     */
    default List<Machine> recorded(String experiment, Set<String> tags) {
        return list(experiment, tags);
    }

    /** Public (or private) host names of the selected instances. */
    List<String> hostnames(String experiment, Set<String> tags, boolean privateNames);

    /**
     * Runs a shell command on the selected instances in parallel.
     *
     * @param user           login user, or null for each instance's default
     * @param checkExitCode  when true, any host that did not exit 0 makes the call throw
     *                       {@link CommandFailedException} (which carries all results)
     */
    List<CommandResult> run(String experiment, Set<String> tags, String command, String user,
                            boolean checkExitCode, Progress<CommandResult> progress)
            throws InterruptedException;

    List<TransferResult> put(String experiment, Set<String> tags, Path localFile, String remotePath,
                             String user, Progress<TransferResult> progress) throws InterruptedException;

    /**
     * Copies a remote file from the selected instances. When several match, each local copy is
     * named {@code localFile.INSTANCE-ID}.
     */
    List<TransferResult> get(String experiment, Set<String> tags, String remotePath, Path localFile,
                             String user, Progress<TransferResult> progress) throws InterruptedException;

    /** Copies a local script to the instances and runs it there with the arguments. */
    List<CommandResult> copyAndRun(String experiment, Set<String> tags, Path script, List<String> args,
                                   String user, boolean checkExitCode, Progress<CommandResult> progress)
            throws InterruptedException;

    /** Terminates the selected instances and forgets them. */
    List<Machine> deprovision(String experiment, Set<String> tags);
}
