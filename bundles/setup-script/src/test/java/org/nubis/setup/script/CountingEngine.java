package org.nubis.setup.script;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.nubis.api.Progress;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.SshTerminal;
import org.nubis.api.ssh.TransferResult;

/** The real engine, with a record of each fan-out the provider asked for (not a mock: every call goes through). */
final class CountingEngine implements SshEngine {

    /** One call: {@code run} or {@code put}, its command or remote path, and its target ids. */
    record Call(String kind, String what, List<String> targets) { }

    private final SshEngine engine;
    private final List<Call> calls = new ArrayList<>();

    CountingEngine(SshEngine engine) {
        this.engine = engine;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized void reset() {
        calls.clear();
    }

    private synchronized void record(String kind, String what, Collection<SshTarget> targets) {
        calls.add(new Call(kind, what, targets.stream().map(SshTarget::id).toList()));
    }

    @Override
    public List<CommandResult> run(Collection<SshTarget> targets, String command, Duration timeout,
                                   Progress<CommandResult> progress) throws InterruptedException {
        record("run", command, targets);
        return engine.run(targets, command, timeout, progress);
    }

    @Override
    public List<TransferResult> put(Collection<SshTarget> targets, Path localFile, String remotePath,
                                    Progress<TransferResult> progress) throws InterruptedException {
        record("put", remotePath, targets);
        return engine.put(targets, localFile, remotePath, progress);
    }

    @Override
    public List<TransferResult> get(Collection<SshTarget> targets, String remotePath,
                                    Function<SshTarget, Path> localFile, Progress<TransferResult> progress)
            throws InterruptedException {
        return engine.get(targets, remotePath, localFile, progress);
    }

    @Override
    public int shell(SshTarget target, SshTerminal terminal) throws IOException, InterruptedException {
        return engine.shell(target, terminal);
    }

    @Override
    public void forget(String targetId) {
        engine.forget(targetId);
    }
}
