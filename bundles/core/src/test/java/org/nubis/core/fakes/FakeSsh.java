package org.nubis.core.fakes;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.nubis.api.Progress;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.SshTerminal;
import org.nubis.api.ssh.TransferResult;

/**
 * SSH without a network: every host answers exit 0 unless told otherwise per target id (an exit
 * status, an error, an answer that changes from call to call), or hangs until the calling thread
 * is interrupted, as a real engine does. Records each call and each target it was given.
 */
public final class FakeSsh implements SshEngine {

    /** One call: what was asked ({@code run}, {@code put}, {@code get}), the command or remote path, and the targets. */
    public record Call(String op, String what, List<SshTarget> targets) {
        public List<String> ids() {
            return targets.stream().map(SshTarget::id).toList();
        }
    }

    private final Map<String, Function<SshTarget, CommandResult>> answers = new ConcurrentHashMap<>();
    private final Map<String, String> transferErrors = new ConcurrentHashMap<>();
    private final Map<String, Boolean> hanging = new ConcurrentHashMap<>();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<String> forgotten = new CopyOnWriteArrayList<>();
    /** Counted down when a call starts hanging. */
    public final CountDownLatch hangStarted = new CountDownLatch(1);
    /** Counted down when a hanging call was interrupted (the caller gave up on it). */
    public final CountDownLatch hangInterrupted = new CountDownLatch(1);
    /** When set, run calls throw it (an engine that fails as a whole). */
    public volatile RuntimeException runFailure;

    public static CommandResult exit(SshTarget t, int status, String stdout, String stderr) {
        return new CommandResult(t.id(), status, stdout, stderr, Duration.ofMillis(210), null);
    }

    public static CommandResult error(SshTarget t, String why) {
        return new CommandResult(t.id(), -1, "", "", Duration.ZERO, why);
    }

    /** The target answers every command like this. */
    public FakeSsh answer(String id, Function<SshTarget, CommandResult> answer) {
        answers.put(id, answer);
        return this;
    }

    public FakeSsh exits(String id, int status, String stdout, String stderr) {
        return answer(id, t -> exit(t, status, stdout, stderr));
    }

    /** The target cannot be reached: every command fails with this error. */
    public FakeSsh fails(String id, String why) {
        return answer(id, t -> error(t, why));
    }

    /** Back to answering exit 0. */
    public FakeSsh heals(String id) {
        answers.remove(id);
        hanging.remove(id);
        return this;
    }

    /** A call that includes the target never returns until its thread is interrupted. */
    public FakeSsh hangs(String id) {
        hanging.put(id, true);
        return this;
    }

    public FakeSsh transferFails(String id, String why) {
        transferErrors.put(id, why);
        return this;
    }

    /** The calls of one kind, in order. */
    public List<Call> calls(String op) {
        return calls.stream().filter(c -> c.op().equals(op)).toList();
    }

    @Override
    public List<CommandResult> run(Collection<SshTarget> targets, String command, Duration timeout,
                                   Progress<CommandResult> progress) throws InterruptedException {
        calls.add(new Call("run", command, List.copyOf(targets)));
        if (runFailure != null) {
            throw runFailure;
        }
        hangIfAsked(targets);
        List<CommandResult> results = new ArrayList<>();
        for (SshTarget t : targets) {
            CommandResult r = answers.getOrDefault(t.id(), x -> exit(x, 0, "", "")).apply(t);
            results.add(r);
            progress.completed(r, results.size(), targets.size());
        }
        return results;
    }

    @Override
    public List<TransferResult> put(Collection<SshTarget> targets, Path localFile, String remotePath,
                                    Progress<TransferResult> progress) throws InterruptedException {
        calls.add(new Call("put", remotePath, List.copyOf(targets)));
        hangIfAsked(targets);
        return transfers(targets, t -> localFile.toString(), remotePath, progress);
    }

    @Override
    public List<TransferResult> get(Collection<SshTarget> targets, String remotePath, Function<SshTarget, Path> localFile,
                                    Progress<TransferResult> progress) throws InterruptedException {
        calls.add(new Call("get", remotePath, List.copyOf(targets)));
        hangIfAsked(targets);
        return transfers(targets, t -> localFile.apply(t).toString(), remotePath, progress);
    }

    private List<TransferResult> transfers(Collection<SshTarget> targets, Function<SshTarget, String> local, String remote,
                                           Progress<TransferResult> progress) {
        List<TransferResult> results = new ArrayList<>();
        for (SshTarget t : targets) {
            String error = transferErrors.get(t.id());
            TransferResult r = new TransferResult(t.id(), local.apply(t), remote, error == null ? 42 : 0, Duration.ofMillis(5), error);
            results.add(r);
            progress.completed(r, results.size(), targets.size());
        }
        return results;
    }

    private void hangIfAsked(Collection<SshTarget> targets) throws InterruptedException {
        if (targets.stream().anyMatch(t -> hanging.containsKey(t.id()))) {
            hangStarted.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                hangInterrupted.countDown();
                throw e;
            }
        }
    }

    @Override
    public int shell(SshTarget target, SshTerminal terminal) throws IOException {
        throw new IOException("the fake SSH engine has no interactive shell");
    }

    @Override
    public void forget(String targetId) {
        forgotten.add(targetId);
    }
}
