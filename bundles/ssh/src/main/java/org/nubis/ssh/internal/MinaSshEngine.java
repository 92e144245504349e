package org.nubis.ssh.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.sshd.client.SshClient;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.Progress;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.SshTerminal;
import org.nubis.api.ssh.TransferResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Nubis's SSH fan-out and interactive shells on Apache MINA SSHD: one client, pooled sessions,
 * pinned host keys.
 */
@Component(service = SshEngine.class, configurationPid = SshConfig.PID)
@Designate(ocd = SshConfig.class)
public final class MinaSshEngine implements SshEngine {

    private final PinnedHostKeys pins;
    private final SshClient client;
    private final SessionPool pool;
    private final FanOut fanOut;
    private final RemoteCommand commands;
    private final SftpTransfer transfers;
    private final RemoteShell shells;

    @Activate
    public MinaSshEngine(@Reference FileSshIdentity identity, @Reference PinnedHostKeys pins, SshConfig config) {
        this(identity, pins, SshSettings.from(config));
    }

    MinaSshEngine(FileSshIdentity identity, PinnedHostKeys pins, SshSettings settings) {
        this.pins = pins;
        // The key is read when the first session authenticates, not when the engine starts.
        this.client = FanOutClient.start(new TrustOnFirstUse(pins), session -> List.of(identity.keyPair()),
                settings.connectTimeout());
        this.pool = new SessionPool(client, settings.connectTimeout(), settings.sessionIdle());
        this.fanOut = new FanOut(settings.maxConnections());
        this.commands = new RemoteCommand(pool, settings.connectTimeout(), CappedOutput.DEFAULT_LIMIT);
        this.transfers = new SftpTransfer(pool);
        this.shells = new RemoteShell(pool, settings.connectTimeout());
    }

    @Override
    public List<CommandResult> run(Collection<SshTarget> targets, String command, Duration timeout,
                                   Progress<CommandResult> progress) throws InterruptedException {
        if (command == null || command.isBlank()) {
            throw new InvalidRequestException("no command to run");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new InvalidRequestException("command timeout must be positive, is " + timeout);
        }
        return fanOut.each(checked(targets), (target, inFlight) -> commands.run(target, command, timeout, inFlight),
                (target, error, took) -> new CommandResult(target.id(), -1, "", "", took, error),
                progress == null ? Progress.none() : progress);
    }

    @Override
    public List<TransferResult> put(Collection<SshTarget> targets, Path localFile, String remotePath,
                                    Progress<TransferResult> progress) throws InterruptedException {
        if (localFile == null || !Files.isRegularFile(localFile)) {
            throw new InvalidRequestException("no such local file: " + localFile);
        }
        if (remotePath == null || remotePath.isBlank()) {
            throw new InvalidRequestException("no remote path to copy " + localFile + " to");
        }
        return fanOut.each(checked(targets),
                (target, inFlight) -> transfers.put(target, localFile, remotePath, inFlight),
                (target, error, took) -> new TransferResult(target.id(), localFile.toString(), remotePath, 0, took, error),
                progress == null ? Progress.none() : progress);
    }

    @Override
    public List<TransferResult> get(Collection<SshTarget> targets, String remotePath,
                                    Function<SshTarget, Path> localFile, Progress<TransferResult> progress)
            throws InterruptedException {
        if (remotePath == null || remotePath.isBlank()) {
            throw new InvalidRequestException("no remote path to copy");
        }
        Objects.requireNonNull(localFile, "localFile");
        List<SshTarget> checked = checked(targets);
        // Chosen up front, so that a failed host's result names its local path too.
        Map<SshTarget, Path> localFiles = new HashMap<>();
        for (SshTarget target : checked) {
            localFiles.put(target, Objects.requireNonNull(localFile.apply(target), "local file for " + target));
        }
        return fanOut.each(checked,
                (target, inFlight) -> transfers.get(target, remotePath, localFiles.get(target), inFlight),
                (target, error, took) -> new TransferResult(target.id(), localFiles.get(target).toString(),
                        remotePath, 0, took, error),
                progress == null ? Progress.none() : progress);
    }

    @Override
    public int shell(SshTarget target, SshTerminal terminal) throws IOException, InterruptedException {
        if (target == null) {
            throw new InvalidRequestException("no target");
        }
        if (terminal == null || terminal.input() == null || terminal.output() == null) {
            throw new InvalidRequestException("no terminal to connect " + target + " to");
        }
        return shells.run(checked(List.of(target)).get(0), terminal);
    }

    @Override
    public void forget(String targetId) {
        pool.forget(targetId);
        pins.forget(targetId);
    }

    @Deactivate
    public void close() {
        fanOut.close();
        pool.close();
        client.stop();
    }

    private static List<SshTarget> checked(Collection<SshTarget> targets) {
        if (targets == null) {
            throw new InvalidRequestException("no targets");
        }
        List<SshTarget> list = List.copyOf(targets);
        for (SshTarget target : list) {
            if (target.id() == null || target.host() == null || target.user() == null
                    || target.port() < 1 || target.port() > 65535) {
                throw new InvalidRequestException("incomplete SSH target: " + target);
            }
        }
        return list;
    }
}
