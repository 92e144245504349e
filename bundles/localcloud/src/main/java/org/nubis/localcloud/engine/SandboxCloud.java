package org.nubis.localcloud.engine;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox engine: instances, their life cycle and persistence, independent of any API face.
 * Every instance lives in {@code HOME/instances/ID/}; see {@link InstanceFiles}.
 */
public final class SandboxCloud implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCloud.class);
    static final String BOOT_FAILURE_REASON = "Server.InternalError: Internal error on launch";
    static final String USER_SHUTDOWN_REASON = "Client.UserInitiatedShutdown: User initiated shutdown";
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(30);

    private final Path instancesDir;
    private final CloudConfig config;
    private final Knobs knobs;
    private final SandboxSshServer ssh;
    private final SandboxShutdowns shutdowns;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    private final Object launchLock = new Object();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    private SandboxCloud(Path home, CloudConfig config) {
        this.instancesDir = home.resolve("instances");
        this.config = config;
        this.knobs = new Knobs(config.initialKnobs());
        this.ssh = new SandboxSshServer(config.sshPorts(), () -> knobs.get().sshCutAfterMs());
        this.shutdowns = new SandboxShutdowns(ssh, config.shutdownGrace());
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(2, SandboxSshServer.daemonThreads("localcloud-engine"));
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    /**
     * Opens the engine on a home directory: starts the SSH server and brings back the instances saved
     * there (running ones listen again, on their old port when it is free).
     *
     * @param home an existing directory; its real path is used so that paths shown agree with what shells see
     */
    public static SandboxCloud open(Path home, CloudConfig config) throws IOException {
        SandboxCloud cloud = new SandboxCloud(home.toRealPath(), config);
        try {
            Files.createDirectories(cloud.instancesDir);
            cloud.ssh.start();
            cloud.restore();
            long period = HOUSEKEEPING.toMillis();
            cloud.scheduler.scheduleWithFixedDelay(cloud::housekeeping, period, period, TimeUnit.MILLISECONDS);
            return cloud;
        } catch (IOException | RuntimeException e) {
            cloud.close();
            throw e;
        }
    }

    public CloudConfig config() {
        return config;
    }

    public Knobs knobs() {
        return knobs;
    }

    /** The OS user that sandbox commands run as (any SSH user name is accepted). */
    public String sshUser() {
        return SandboxProcesses.OS_USER;
    }

    /** The number of instances that are not terminated. */
    public int activeCount() {
        int count = 0;
        for (Sandbox sandbox : sandboxes.values()) {
            if (sandbox.state() != InstanceState.TERMINATED) {
                count++;
            }
        }
        return count;
    }

    public List<InstanceDescription> launch(LaunchRequest request) {
        checkOpen();
        if (request.count() < 1 || request.count() > config.maxLaunchCount()) {
            throw CloudException.invalid("count must be between 1 and " + config.maxLaunchCount()
                    + " (maxLaunchCount), got " + request.count());
        }
        String image = request.image() == null ? config.defaultImage() : request.image();
        if (!config.images().contains(image)) {
            throw CloudException.invalid("unknown image '" + image + "'; valid images: "
                    + String.join(", ", config.images()));
        }
        String flavor = request.flavor() == null ? config.defaultFlavor() : request.flavor();
        if (!config.flavors().contains(flavor)) {
            throw CloudException.invalid("unknown flavor '" + flavor + "'; valid flavors: "
                    + String.join(", ", config.flavors()));
        }
        checkTags(request.tags());
        Fault launchFault = launchFault(request.tags());
        List<String> keys = request.publicKeys();
        for (int i = 0; i < keys.size(); i++) {
            try {
                AuthorizedKeys.parse(keys.get(i));
            } catch (IllegalArgumentException e) {
                throw CloudException.invalid("publicKeys[" + i + "] is not an OpenSSH public key line like "
                        + "'ssh-ed25519 AAAA... comment' (" + e.getMessage() + ")");
            }
        }

        List<Sandbox> created = new ArrayList<>();
        synchronized (launchLock) {
            int active = activeCount();
            if (active + request.count() > config.maxInstances()) {
                throw new CloudException(CloudException.Kind.CAPACITY, "launching " + request.count()
                        + " would exceed maxInstances (" + config.maxInstances() + "): " + active
                        + " instances are not terminated; terminate some or launch fewer");
            }
            Knobs.Values chance = knobs.get();
            for (int i = 0; i < request.count(); i++) {
                Fault fault = launchFault != Fault.NONE ? launchFault : faultByChance(chance);
                created.add(create(image, flavor, request, i, fault));
            }
        }
        // Described before the boots are scheduled: a launch always answers 'pending', even with no boot delay.
        List<InstanceDescription> launched = created.stream().map(Sandbox::describe).toList();
        long delay = knobs.get().bootDelayMs();
        for (Sandbox sandbox : created) {
            scheduleBoot(sandbox, delay);
        }
        return launched;
    }

    public List<InstanceDescription> describe(InstanceFilter filter) {
        Instant cutoff = Instant.now().minus(config.terminatedRetention());
        return sandboxes.values().stream()
                .filter(sandbox -> !isExpired(sandbox, cutoff))
                .map(Sandbox::describe)
                .filter(filter::matches)
                .sorted(Comparator.comparing(InstanceDescription::launchedAt).thenComparing(InstanceDescription::id))
                .toList();
    }

    public InstanceDescription describe(String id) {
        return require(id).describe();
    }

    /** One instance as {@link #describe(InstanceFilter)} shows it: empty once purged or past its retention. */
    public Optional<InstanceDescription> find(String id) {
        Sandbox sandbox = sandboxes.get(id);
        if (sandbox == null || isExpired(sandbox, Instant.now().minus(config.terminatedRetention()))) {
            return Optional.empty();
        }
        return Optional.of(sandbox.describe());
    }

    /**
     * Whether the instance's SSH port answers: it is running and the SSH server listens for it (not so for an
     * instance made never reachable).
     */
    public boolean answersSsh(String id) {
        Sandbox sandbox = require(id);
        synchronized (sandbox) {
            return sandbox.state() == InstanceState.RUNNING && ssh.isListening(sandbox, sandbox.sshPort());
        }
    }

    /** The console log: the output of the user data script, empty if there is none (yet). */
    public String console(String id) {
        Sandbox sandbox = require(id);
        Path console = sandbox.files().console();
        try {
            return Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + console, e);
        }
    }

    /**
     * Terminates instances and returns when they are gone: sessions closed, processes ended, port closed,
     * sandbox directory deleted. Unknown ids are ignored. Meanwhile they show shutting-down.
     */
    public List<InstanceDescription> terminate(Collection<String> ids) {
        checkOpen();
        List<Sandbox> targets = known(ids);
        shutdowns.finishTerminate(shutdowns.beginTerminate(targets));
        // Some may have been shutting down already (a terminate that does not wait): wait for them too.
        for (Sandbox sandbox : targets) {
            sandbox.awaitLeaving(InstanceState.SHUTTING_DOWN, shutdowns.longest());
        }
        return describeAll(targets);
    }

    /**
     * Terminates instances without waiting, as EC2 does: they answer shutting-down at once and become terminated
     * once their processes are gone (TERM, then KILL after {@code shutdownGraceSeconds}).
     */
    public List<InstanceDescription> beginTerminate(Collection<String> ids) {
        checkOpen();
        List<Sandbox> targets = known(ids);
        List<Sandbox> halting = shutdowns.beginTerminate(targets);
        if (!halting.isEmpty()) {
            scheduler.execute(() -> shutdowns.finishTerminate(halting));
        }
        return describeAll(targets);
    }

    /** Stops instances: they answer 'stopping' at once and become 'stopped' when their processes are gone. */
    public List<InstanceDescription> stop(Collection<String> ids) {
        checkOpen();
        List<Sandbox> targets = known(ids);
        for (Sandbox sandbox : targets) {
            InstanceState state = sandbox.state();
            if (state == InstanceState.TERMINATED || state == InstanceState.SHUTTING_DOWN) {
                throw new CloudException(CloudException.Kind.CONFLICT,
                        "instance " + sandbox.id() + " is " + state.apiName() + " and cannot be stopped");
            }
        }
        List<Sandbox> stopping = shutdowns.beginStop(targets);
        if (!stopping.isEmpty()) {
            scheduler.execute(() -> shutdowns.finishStop(stopping));
        }
        return describeAll(targets);
    }

    /** Starts stopped instances; they boot again (pending, then running) but do not run user data again. */
    public List<InstanceDescription> start(Collection<String> ids) {
        checkOpen();
        List<Sandbox> targets = known(ids);
        for (Sandbox sandbox : targets) {
            InstanceState state = sandbox.state();
            if (state == InstanceState.TERMINATED || state.isGoingDown()) {
                throw new CloudException(CloudException.Kind.CONFLICT, "instance " + sandbox.id() + " is "
                        + state.apiName() + "; only stopped instances can be started"
                        + (state == InstanceState.STOPPING ? " (wait until it is stopped)" : ""));
            }
        }
        long delay = knobs.get().bootDelayMs();
        for (Sandbox sandbox : targets) {
            synchronized (sandbox) {
                if (sandbox.state() == InstanceState.STOPPED) {
                    sandbox.moveTo(InstanceState.PENDING, null);
                    scheduleBoot(sandbox, delay);
                }
            }
        }
        return describeAll(targets);
    }

    /** Adds or overwrites tags. (A fault tag changes nothing after launch.) */
    public List<InstanceDescription> tag(Collection<String> ids, Map<String, String> tags) {
        checkOpen();
        checkTags(tags);
        List<Sandbox> targets = known(ids);
        for (Sandbox sandbox : targets) {
            sandbox.change(record -> record.tags.putAll(tags));
        }
        return describeAll(targets);
    }

    /** Removes the tags for which {@code which(key, value)} holds; unknown ids are ignored. */
    public List<InstanceDescription> untag(Collection<String> ids, BiPredicate<String, String> which) {
        checkOpen();
        List<Sandbox> targets = known(ids);
        for (Sandbox sandbox : targets) {
            sandbox.change(record -> record.tags.entrySet().removeIf(tag -> which.test(tag.getKey(), tag.getValue())));
        }
        return describeAll(targets);
    }

    /**
     * Changes an instance's face attributes (see {@link InstanceRecord#attributes}) atomically: no other
     * change of that instance happens in between, and the result is saved before anyone sees it.
     */
    public InstanceDescription changeAttributes(String id, Consumer<Map<String, String>> change) {
        checkOpen();
        Sandbox sandbox = require(id);
        synchronized (sandbox) {
            sandbox.change(record -> change.accept(record.attributes));
            return sandbox.describe();
        }
    }

    /**
     * Stops the engine but keeps every instance's state, so that the next {@link #open} brings them back:
     * sessions are closed, sandbox processes killed, ports closed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        try {
            // Let a boot or stop that is under way finish before the SSH server goes away under it.
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Sandbox> all = List.copyOf(sandboxes.values());
        all.forEach(sandbox -> sandbox.processes().close());
        try {
            ssh.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the SSH server: {}", e.toString());
        }
        ProcessReaper.kill(all.stream().map(Sandbox::id).toList(),
                all.stream().flatMap(sandbox -> sandbox.processes().roots().stream()).toList());
        all.forEach(SandboxShutdowns::settleWithoutProcesses);
    }

    // ---------------------------------------------------------------------------------------------

    private Sandbox create(String image, String flavor, LaunchRequest request, int index, Fault fault) {
        String id = newId();
        InstanceFiles files = new InstanceFiles(instancesDir.resolve(id));
        try {
            Files.createDirectories(files.dir());
            AuthorizedKeys.write(files.authorizedKeys(), request.publicKeys());
            KeyPair hostKey = HostKeyFile.generate(files.hostKey(), id);
            if (request.userData() != null) {
                Files.writeString(files.userData(), request.userData(), StandardCharsets.UTF_8);
            }
            InstanceRecord record = new InstanceRecord();
            record.id = id;
            record.image = image;
            record.flavor = flavor;
            record.state = InstanceState.PENDING;
            record.tags.putAll(request.tags());
            record.hostKey = org.apache.sshd.common.config.keys.PublicKeyEntry.toString(hostKey.getPublic());
            record.launchedAt = Instant.now().toString();
            record.fault = fault;
            if (!request.attributes().isEmpty()) {
                record.attributes.putAll(request.attributes().get(index));
            }
            Sandbox sandbox = new Sandbox(files, record);
            sandbox.setHostKey(hostKey);
            files.writeMeta(record);
            sandboxes.put(id, sandbox);
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create instance " + id + " in " + files.dir(), e);
        }
    }

    private void scheduleBoot(Sandbox sandbox, long delayMs) {
        sandbox.setBoot(scheduler.schedule(() -> boot(sandbox), delayMs, TimeUnit.MILLISECONDS));
    }

    /** pending → running (listening), or → terminated when the boot is made to fail. */
    private void boot(Sandbox sandbox) {
        synchronized (sandbox) {
            if (closed || sandbox.state() != InstanceState.PENDING) {
                return;
            }
            sandbox.setBoot(null);
            Fault fault = sandbox.fault();
            if (fault == Fault.BOOT_FAILURE) {
                sandbox.moveTo(InstanceState.TERMINATED, BOOT_FAILURE_REASON);
                return;
            }
            try {
                Files.createDirectories(sandbox.dir());
                int port = fault == Fault.NEVER_REACHABLE ? deadPort(sandbox.sshPort()) : listen(sandbox);
                sandbox.change(record -> {
                    record.sshPort = port;
                    record.state = InstanceState.RUNNING;
                    record.stateReason = null;
                });
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    // Shutting down under a boot: stay pending, the next start boots it.
                    return;
                }
                LOG.warn("{}: boot failed: {}", sandbox.id(), e.toString());
                sandbox.moveTo(InstanceState.TERMINATED, "Server.InternalError: " + e.getMessage());
                return;
            }
            if (!sandbox.snapshot().userDataStarted && UserDataRunner.isScript(readUserDataStart(sandbox))) {
                sandbox.change(record -> record.userDataStarted = true);
                UserDataRunner.start(sandbox);
            }
        }
    }

    private int listen(Sandbox sandbox) throws IOException {
        sandbox.processes().reopen();
        return ssh.listen(sandbox, sandbox.sshPort());
    }

    /**
     * A port for an instance that must never answer: one that was free a moment ago and that nothing of
     * ours will listen on, so connections are refused.
     */
    private static int deadPort(int previous) throws IOException {
        if (previous > 0) {
            return previous;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(SandboxSshServer.LOOPBACK, 0));
            return socket.getLocalPort();
        }
    }

    private void restore() throws IOException {
        List<Sandbox> restored = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(instancesDir)) {
            for (Path dir : dirs) {
                InstanceFiles files = new InstanceFiles(dir);
                if (!Files.isRegularFile(files.meta())) {
                    continue;
                }
                try {
                    InstanceRecord record = files.readMeta();
                    if (record.id == null || !record.id.equals(dir.getFileName().toString())
                            || record.state == null || record.launchedAt == null) {
                        throw new IOException("incomplete metadata");
                    }
                    Sandbox sandbox = new Sandbox(files, record);
                    sandboxes.put(record.id, sandbox);
                    restored.add(sandbox);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("ignoring {}: {}", files.meta(), e.toString());
                }
            }
        }
        // Processes left behind by a local cloud that died without cleaning up (kill -9, power loss).
        ProcessReaper.kill(restored.stream().map(Sandbox::id).toList(), List.of());
        Instant cutoff = Instant.now().minus(config.terminatedRetention());
        long delay = knobs.get().bootDelayMs();
        int resumed = 0;
        for (Sandbox sandbox : restored) {
            synchronized (sandbox) {
                switch (sandbox.state()) {
                    case TERMINATED -> {
                        if (isExpired(sandbox, cutoff)) {
                            purge(sandbox);
                        } else {
                            // Finishes a terminate that a crash interrupted.
                            sandbox.files().deleteSandbox();
                        }
                    }
                    case PENDING -> scheduleBoot(sandbox, delay);
                    case RUNNING -> {
                        resume(sandbox);
                        resumed++;
                    }
                    // A stop or terminate that a crash interrupted; the reaper above ended the processes.
                    case STOPPING, SHUTTING_DOWN -> SandboxShutdowns.settleWithoutProcesses(sandbox);
                    case STOPPED -> {
                        // stays stopped
                    }
                }
            }
        }
        if (!restored.isEmpty()) {
            LOG.info("restored {} instances ({} running)", restored.size(), resumed);
        }
    }

    private void resume(Sandbox sandbox) {
        if (sandbox.fault() == Fault.NEVER_REACHABLE) {
            return;
        }
        try {
            Files.createDirectories(sandbox.dir());
            int previous = sandbox.sshPort();
            int port = listen(sandbox);
            if (port != previous) {
                LOG.info("{}: port {} is taken, now listening on {}", sandbox.id(), previous, port);
                sandbox.change(record -> record.sshPort = port);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot resume: {}", sandbox.id(), e.toString());
            sandbox.moveTo(InstanceState.TERMINATED, "Server.InternalError: cannot resume: " + e.getMessage());
        }
    }

    private void housekeeping() {
        Instant cutoff = Instant.now().minus(config.terminatedRetention());
        for (Sandbox sandbox : List.copyOf(sandboxes.values())) {
            if (isExpired(sandbox, cutoff)) {
                purge(sandbox);
            }
        }
    }

    private void purge(Sandbox sandbox) {
        sandboxes.remove(sandbox.id(), sandbox);
        try {
            sandbox.files().deleteAll();
        } catch (IOException e) {
            LOG.warn("{}: cannot delete {}: {}", sandbox.id(), sandbox.files().dir(), e.toString());
        }
    }

    private static boolean isExpired(Sandbox sandbox, Instant cutoff) {
        Instant terminatedAt = sandbox.terminatedAt();
        return terminatedAt != null && sandbox.state() == InstanceState.TERMINATED && terminatedAt.isBefore(cutoff);
    }

    private static String readUserDataStart(Sandbox sandbox) {
        Path userData = sandbox.files().userData();
        if (!Files.isRegularFile(userData)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(userData)) {
            return new String(in.readNBytes(2), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private Fault faultByChance(Knobs.Values chance) {
        if (chance.failureRate() > 0 && random.nextDouble() < chance.failureRate()) {
            return Fault.BOOT_FAILURE;
        }
        if (chance.neverReachableRate() > 0 && random.nextDouble() < chance.neverReachableRate()) {
            return Fault.NEVER_REACHABLE;
        }
        return Fault.NONE;
    }

    private static Fault launchFault(Map<String, String> tags) {
        String value = tags.get(Fault.TAG);
        if (value == null) {
            return Fault.NONE;
        }
        try {
            return Fault.fromTagValue(value);
        } catch (IllegalArgumentException e) {
            throw CloudException.invalid(e.getMessage());
        }
    }

    private static void checkTags(Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey() == null || tag.getKey().isBlank()) {
                throw CloudException.invalid("tag keys must not be empty");
            }
            if (tag.getValue() == null) {
                throw CloudException.invalid("tag '" + tag.getKey() + "' has no value (use \"\" for an empty one)");
            }
        }
    }

    private String newId() {
        HexFormat hex = HexFormat.of();
        while (true) {
            byte[] bytes = new byte[4];
            random.nextBytes(bytes);
            String id = "lc-" + hex.formatHex(bytes);
            if (!sandboxes.containsKey(id) && !Files.exists(instancesDir.resolve(id))) {
                return id;
            }
        }
    }

    private Sandbox require(String id) {
        Sandbox sandbox = id == null ? null : sandboxes.get(id);
        if (sandbox == null) {
            throw new CloudException(CloudException.Kind.NOT_FOUND, "no instance '" + id + "'");
        }
        return sandbox;
    }

    /** The sandboxes with these ids, in the order given, without duplicates; unknown ids are ignored. */
    private List<Sandbox> known(Collection<String> ids) {
        Map<String, Sandbox> found = new LinkedHashMap<>();
        for (String id : ids) {
            Sandbox sandbox = id == null ? null : sandboxes.get(id);
            if (sandbox != null) {
                found.putIfAbsent(id, sandbox);
            }
        }
        return new ArrayList<>(found.values());
    }

    private static List<InstanceDescription> describeAll(List<Sandbox> sandboxes) {
        return sandboxes.stream().map(Sandbox::describe).toList();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the local cloud is shutting down");
        }
    }

    @Override
    public String toString() {
        return "SandboxCloud[" + Objects.toString(instancesDir) + "]";
    }
}
