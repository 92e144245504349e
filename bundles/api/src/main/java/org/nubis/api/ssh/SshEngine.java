package org.nubis.api.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.nubis.api.Progress;

/**
 * Runs commands and moves files on many hosts at once, with a bounded number of connections,
 * reusing sessions between calls. Host keys are trusted on first use and pinned per
 * {@link SshTarget#id()}; a changed key is refused. Every call returns one result per target,
 * in the order of the targets, and fails per host, never as a whole. If the calling thread is
 * interrupted, work in flight is abandoned and the call throws {@link InterruptedException}.
 */
public interface SshEngine {

    /**
     * Runs {@code command} on every target.
     *
     * @param timeout limit for each host's command after connecting, or null for none
     */
    List<CommandResult> run(Collection<SshTarget> targets, String command, Duration timeout,
                            Progress<CommandResult> progress) throws InterruptedException;

    /** Copies a local file to {@code remotePath} on every target over SFTP. */
    List<TransferResult> put(Collection<SshTarget> targets, Path localFile, String remotePath,
                             Progress<TransferResult> progress) throws InterruptedException;

    /** Copies {@code remotePath} from every target to the local path chosen per target. */
    List<TransferResult> get(Collection<SshTarget> targets, String remotePath,
                             Function<SshTarget, Path> localFile,
                             Progress<TransferResult> progress) throws InterruptedException;

    /**
     * An interactive login shell on the target with a pty, wired to the user's terminal until the
     * remote shell ends. Uses the target's pinned host key like every other call.
     *
     * @return the remote shell's exit status, or -1 when it ended without one
     */
    int shell(SshTarget target, SshTerminal terminal) throws java.io.IOException, InterruptedException;

    /**
     * Forgets a target: closes its pooled session and drops its pinned host key. Call it when
     * the instance is gone.
     */
    void forget(String targetId);
}
