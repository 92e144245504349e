package org.nubis.core.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.CommandFailedException;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.experiment.ExperimentService;
import org.nubis.api.experiment.NotReadyException;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.ExperimentRepository;
import org.nubis.api.repository.MachineRepository;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshIdentity;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.TransferResult;
import org.nubis.core.Echo;
import org.nubis.core.CoreConfig;
import org.nubis.core.CoreThreads;
import org.nubis.core.Owner;
import org.nubis.core.cloud.LaunchesInFlight;
import org.nubis.core.cloud.MachineStateSync;
import org.nubis.core.cloud.ReadinessBarrier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Component(service = ExperimentService.class, configurationPid = "org.nubis.core")
@Designate(ocd = CoreConfig.class)
public class ExperimentServiceImpl implements ExperimentService {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentServiceImpl.class);

    @Reference
    CloudRegistry clouds;
    @Reference
    SshEngine ssh;
    @Reference
    SshIdentity identity;
    @Reference
    ExperimentRepository repository;
    @Reference
    MachineRepository machines;
    @Reference
    CoreThreads threads;
    @Reference
    LaunchesInFlight launches;

    private volatile CoreConfig config;
    private volatile String owner;
    private MachineStateSync sync;

    @Activate
    void activate(CoreConfig configuration) {
        modified(configuration);
        sync = new MachineStateSync(clouds, machines);
    }

    @Modified
    void modified(CoreConfig configuration) {
        config = configuration;
        owner = Owner.of(configuration);
    }


    // --- experiments ---------------------------------------------------------------------------

    @Override
    public Experiment create(String name) {
        Names.checkExperiment(name);
        Experiment e = new Experiment(name, Instant.now());
        repository.create(e);
        return e;
    }

    @Override
    public List<Experiment> experiments() {
        return repository.list();
    }

    @Override
    public Experiment experiment(String name) {
        return repository.find(name).orElseThrow(() -> new NotFoundException("no experiment named '" + Echo.of(name)
                + "'; experiments: " + orNone(repository.list().stream().map(Experiment::name).toList())));
    }

    @Override
    public void destroy(String name) {
        experiment(name);
        if (!machines.ofExperiment(name).isEmpty()) {
            deprovision(name, Set.of());
        }
        repository.delete(name);
    }

    // --- provisioning ---------------------------------------------------------------------------

    @Override
    public List<Machine> provision(String experiment, ProvisionRequest request) {
        experiment(experiment);
        return provisioner().provision(experiment, request);
    }

    @Override
    public void checkProvision(String experiment, ProvisionRequest request) {
        experiment(experiment);
        provisioner().check(request);
    }

    private Provisioner provisioner() {
        return new Provisioner(clouds, repository, machines, identity, owner, threads.cloudCalls(), launches);
    }

    @Override
    public List<Machine> awaitReady(String experiment, Set<String> tags, Duration timeout, Progress<Machine> progress)
            throws InterruptedException {
        select(experiment, tags);
        Duration limit = timeout != null ? timeout : Duration.ofSeconds(config.waitTimeoutSeconds());
        if (limit.isNegative() || limit.isZero()) {
            throw new InvalidRequestException("timeout must be positive, not " + limit.toSeconds() + " s");
        }
        // The selection is read again every round: a provision running meanwhile adds records, and
        // fills in the cloud ids of those it had recorded before asking its cloud.
        ReadinessBarrier.Outcome outcome = new ReadinessBarrier(ssh, threads.probes())
                .await(() -> select(experiment, tags), sync::refresh, limit, true, progress);
        if (!outcome.complete()) {
            throw new NotReadyException(outcome.describe("instance"), outcome.notReady());
        }
        return outcome.ready();
    }

    @Override
    public List<Machine> list(String experiment, Set<String> tags) {
        return sync.refresh(select(experiment, tags));
    }

    @Override
    public List<Machine> recorded(String experiment, Set<String> tags) {
        return select(experiment, tags);
    }

    @Override
    public List<String> hostnames(String experiment, Set<String> tags, boolean privateNames) {
        return list(experiment, tags).stream()
                .map(i -> privateNames ? i.privateHost() : publicName(i))
                .map(h -> h == null ? "-" : h)
                .toList();
    }

    /** host, or host:port when SSH is not on the standard port (as on the local cloud). */
    private static String publicName(Machine i) {
        boolean standardPort = i.sshPort() == 22 || i.sshPort() == 0;
        return i.publicHost() == null || standardPort ? i.publicHost() : i.publicHost() + ":" + i.sshPort();
    }

    // --- fan-outs -------------------------------------------------------------------------------

    @Override
    public List<CommandResult> run(String experiment, Set<String> tags, String command, String user,
                                   boolean checkExitCode, Progress<CommandResult> progress) throws InterruptedException {
        if (command == null || command.isBlank()) {
            throw new InvalidRequestException("no command given");
        }
        Pass<CommandResult> ran = fanOut(reachable(experiment, tags, user), user,
                (targets, p) -> ssh.run(targets, command, null, p), progress, CommandResult::targetId, CommandResult::error);
        return checked(ran.hosts().merge(ran.results(), CommandResult::targetId, ExperimentServiceImpl::notRun), checkExitCode);
    }

    private static CommandResult notRun(String id, String why) {
        return new CommandResult(id, -1, "", "", Duration.ZERO, why);
    }

    /** With checking on, any instance that did not exit 0 fails the call; the exception carries all results. */
    private static List<CommandResult> checked(List<CommandResult> results, boolean checkExitCode) {
        if (checkExitCode) {
            List<CommandResult> failed = results.stream().filter(r -> !r.succeeded()).toList();
            if (!failed.isEmpty()) {
                throw new CommandFailedException(failed.size() + " of " + results.size() + " instances failed: "
                        + failed.stream().limit(10).map(ExperimentServiceImpl::failure).collect(Collectors.joining("; "))
                        + (failed.size() > 10 ? "; ..." : ""), results);
            }
        }
        return results;
    }

    private static String failure(CommandResult r) {
        return r.targetId() + " " + (r.error() != null ? r.error() : "exit status " + r.exitCode());
    }

    @Override
    public List<TransferResult> put(String experiment, Set<String> tags, Path localFile, String remotePath, String user,
                                    Progress<TransferResult> progress) throws InterruptedException {
        if (!Files.isRegularFile(localFile)) {
            throw new InvalidRequestException("no such local file: " + localFile);
        }
        requireRemotePath(remotePath);
        Pass<TransferResult> done = fanOut(reachable(experiment, tags, user), user,
                (targets, p) -> ssh.put(targets, localFile, remotePath, p), progress, TransferResult::targetId,
                TransferResult::error);
        return done.hosts().merge(done.results(), TransferResult::targetId,
                (id, why) -> new TransferResult(id, localFile.toString(), remotePath, 0, Duration.ZERO, why));
    }

    @Override
    public List<TransferResult> get(String experiment, Set<String> tags, String remotePath, Path localFile, String user,
                                    Progress<TransferResult> progress) throws InterruptedException {
        requireRemotePath(remotePath);
        Reachable hosts = reachable(experiment, tags, user);
        int matching = hosts.selected().size();
        Path base = Files.isDirectory(localFile) ? localFile.resolve(Path.of(remotePath).getFileName().toString()) : localFile;
        Path parent = base.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidRequestException("local directory " + parent + " does not exist");
        }
        Function<SshTarget, Path> localFor = matching == 1 ? t -> base : t -> base.resolveSibling(base.getFileName() + "." + t.id());
        Pass<TransferResult> done = fanOut(hosts, user, (targets, p) -> ssh.get(targets, remotePath, localFor, p),
                progress, TransferResult::targetId, TransferResult::error);
        return done.hosts().merge(done.results(), TransferResult::targetId,
                (id, why) -> new TransferResult(id, matching == 1 ? base.toString() : base + "." + id, remotePath, 0, Duration.ZERO, why));
    }

    @Override
    public List<CommandResult> copyAndRun(String experiment, Set<String> tags, Path script, List<String> args, String user,
                                          boolean checkExitCode, Progress<CommandResult> progress) throws InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new InvalidRequestException("no such local script: " + script);
        }
        // A name of its own per call, so that concurrent runs of the same script do not collide.
        String remote = ".nubis-run-" + UUID.randomUUID().toString().substring(0, 8) + "-"
                + script.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        Pass<TransferResult> put = fanOut(reachable(experiment, tags, user), user,
                (targets, p) -> ssh.put(targets, script, remote, p), Progress.none(), TransferResult::targetId,
                TransferResult::error);
        Reachable hosts = put.hosts();
        Map<String, String> notCopied = new LinkedHashMap<>(hosts.unreachable());
        for (TransferResult t : put.results()) {
            if (!t.succeeded()) {
                notCopied.put(t.targetId(), "could not copy the script: " + t.error());
            }
        }
        String q = ShellWords.quote(remote);
        String command = "chmod 700 " + q + " && ./" + q + (args.isEmpty() ? "" : " " + ShellWords.join(args))
                + "; rc=$?; rm -f " + q + "; exit $rc";
        List<SshTarget> copied = hosts.targets().stream().filter(t -> !notCopied.containsKey(t.id())).toList();
        List<CommandResult> ran = copied.isEmpty() ? List.of() : ssh.run(copied, command, null, progress);
        Reachable afterCopy = new Reachable(hosts.selected(), copied, notCopied);
        return checked(afterCopy.merge(ran, CommandResult::targetId, ExperimentServiceImpl::notRun), checkExitCode);
    }

    // --- deprovisioning -------------------------------------------------------------------------

    @Override
    public List<Machine> deprovision(String experiment, Set<String> tags) {
        List<Machine> selected = select(experiment, tags);
        Map<String, List<Machine>> byCloud = selected.stream()
                .collect(Collectors.groupingBy(Machine::cloud, LinkedHashMap::new, Collectors.toList()));
        List<Machine> gone = new ArrayList<>();
        for (Map.Entry<String, List<Machine>> e : byCloud.entrySet()) {
            List<String> cloudIds = e.getValue().stream().map(Machine::cloudId).filter(id -> id != null).toList();
            if (!cloudIds.isEmpty()) {
                // Throws if the cloud fails: the records stay, so nothing is lost track of.
                clouds.connection(e.getKey()).terminate(cloudIds);
            }
            for (Machine i : e.getValue()) {
                ssh.forget(i.id());
                gone.add(i.withState(InstanceState.TERMINATED, "deprovisioned"));
            }
            machines.delete(e.getValue());
        }
        LOG.info("Deprovisioned {} instance(s) of experiment {}", gone.size(), experiment);
        return gone;
    }

    // --- selection ------------------------------------------------------------------------------

    private List<Machine> select(String experiment, Set<String> tags) {
        experiment(experiment);
        Names.checkTags(tags);
        return TagSelection.select(experiment, machines.ofExperiment(experiment), tags);
    }

    /**
     * The selected instances split into those SSH can reach and why the others can't. Only those not
     * recorded as running are brought up to date with their clouds first: asking the clouds about
     * every instance before every fan-out cost a cloud round trip per call (0.2 s with 2,000 local
     * instances), and {@link #fanOut} asks about the ones SSH then cannot reach.
     */
    private Reachable reachable(String experiment, Set<String> tags, String user) {
        Names.checkLogin(user);
        Reachable recorded = Reachable.of(select(experiment, tags), user);
        if (recorded.unreachable().isEmpty()) {
            return recorded;
        }
        Set<String> unknown = recorded.unreachable().keySet();
        return recorded.with(sync.refresh(recorded.selected().stream().filter(m -> unknown.contains(m.id())).toList()), user);
    }

    /** SSH work on some targets: a fan-out that reports to {@code progress}. */
    @FunctionalInterface
    private interface SshWork<R> {
        List<R> on(List<SshTarget> targets, Progress<R> progress) throws InterruptedException;
    }

    /** What a fan-out did, and the selection as it stood at its end. */
    private record Pass<R>(Reachable hosts, List<R> results) {
    }

    /** How the SSH engine reports a TCP connection nobody accepted: cheap to try again. */
    private static final String REFUSED = "connection refused";

    /**
     * Does the work on the reachable hosts, then asks the clouds about the hosts SSH could not reach
     * (a result with an error): one that no longer runs gets its state as its result instead of the
     * SSH error; one that runs is tried again if it now runs at another address or port, or if its
     * connection was refused (asking may have started its cloud again, as the local cloud does).
     */
    private <R> Pass<R> fanOut(Reachable hosts, String user, SshWork<R> work, Progress<R> progress,
                               Function<R, String> idOf, Function<R, String> errorOf) throws InterruptedException {
        List<R> results = work.on(hosts.targets(), progress);
        Set<String> unreached = results.stream().filter(r -> errorOf.apply(r) != null).map(idOf)
                .collect(Collectors.toSet());
        if (unreached.isEmpty() || Thread.currentThread().isInterrupted()) {
            return new Pass<>(hosts, results);
        }
        Reachable now = hosts.with(sync.refresh(
                hosts.selected().stream().filter(m -> unreached.contains(m.id())).toList()), user);
        Map<String, SshTarget> tried = hosts.targets().stream()
                .collect(Collectors.toMap(SshTarget::id, t -> t, (a, b) -> a));
        Map<String, R> byId = new LinkedHashMap<>();
        results.forEach(r -> byId.put(idOf.apply(r), r));
        List<SshTarget> again = now.targets().stream().filter(t -> unreached.contains(t.id())
                && (!t.equals(tried.get(t.id())) || REFUSED.equals(errorOf.apply(byId.get(t.id()))))).toList();
        now.unreachable().keySet().forEach(byId::remove);
        if (!again.isEmpty()) {
            LOG.info("Trying {} instance(s) again after asking their clouds (moved, or refused the connection)",
                    again.size());
            work.on(again, Progress.none()).forEach(r -> byId.put(idOf.apply(r), r));
        }
        return new Pass<>(now, new ArrayList<>(byId.values()));
    }

    private static void requireRemotePath(String remotePath) {
        if (remotePath == null || remotePath.isBlank() || remotePath.indexOf('\0') >= 0 || remotePath.indexOf('\n') >= 0) {
            throw new InvalidRequestException("invalid remote path '" + Echo.of(remotePath) + "'");
        }
    }

    private static String orNone(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
