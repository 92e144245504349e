package org.nubis.core.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.nubis.api.ConflictException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.NubisException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.ClusterTemplates;
import org.nubis.api.cluster.Node;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.PhaseFailedException;
import org.nubis.api.cluster.ReconcileReport;
import org.nubis.api.cluster.Reconciler;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.repository.ClusterRepository;
import org.nubis.api.repository.ExperimentRepository;
import org.nubis.api.setup.SetupProvider;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshIdentity;
import org.nubis.core.CoreConfig;
import org.nubis.core.Owner;
import org.nubis.core.cloud.MachineView;
import org.nubis.core.cloud.ReadinessBarrier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters: the phases start, setup, resize and stop, one at a time per cluster, each with a
 * deadline, progress events, and a way back when it fails. Also reconciles records with clouds,
 * since only it knows which phases are really running.
 */
@Component(service = {ClusterService.class, Reconciler.class}, configurationPid = "org.nubis.core")
public class ClusterServiceImpl implements ClusterService, Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterServiceImpl.class);

    @Reference
    CloudRegistry clouds;
    @Reference
    ClusterRepository repository;
    @Reference
    ExperimentRepository experiments;
    @Reference
    ClusterTemplates templates;
    @Reference
    SshEngine ssh;
    @Reference
    SshIdentity identity;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EventAdmin eventAdmin;

    private final List<SetupProvider> setupProviders = new CopyOnWriteArrayList<>();
    private final PhaseLocks locks = new PhaseLocks();
    private ClusterEvents events;
    private NodeStateSync sync;
    private ExecutorService workers;
    private String owner;
    private StartupReconcile startupReconcile;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSetupProvider(SetupProvider provider) {
        setupProviders.add(provider);
    }

    void unbindSetupProvider(SetupProvider provider) {
        setupProviders.remove(provider);
    }

    @Activate
    void activate(CoreConfig config) {
        owner = Owner.of(config);
        events = new ClusterEvents(() -> eventAdmin);
        sync = new NodeStateSync(clouds, repository);
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "nubis-cluster");
            t.setDaemon(true);
            return t;
        });
        startupReconcile = new StartupReconcile(this::reconcileAtStartup, clouds);
        startupReconcile.start();
    }

    @Deactivate
    void deactivate() {
        startupReconcile.stop();
        workers.shutdownNow();
    }


    // --- definition -----------------------------------------------------------------------------

    @Override
    public Cluster create(String name, String template, Map<String, String> overrides) {
        TemplateReader.checkName(name);
        ClusterTemplate spec = TemplateOverrides.apply(templates.template(template), overrides == null ? Map.of() : overrides);
        Instant now = Instant.now();
        Cluster c = new Cluster(name, template, spec, ClusterState.CREATED, null, SetupState.NOT_RUN, null, now, now, now);
        repository.create(c);
        return c;
    }

    @Override
    public List<Cluster> clusters() {
        return repository.list();
    }

    @Override
    public Cluster cluster(String name) {
        return repository.find(name).orElseThrow(() -> new NotFoundException("no cluster named '" + name + "'; clusters: "
                + orNone(repository.list().stream().map(Cluster::name).toList())));
    }

    @Override
    public List<Node> nodes(String name) {
        Cluster c = cluster(name);
        List<String> kindOrder = List.copyOf(c.spec().kinds().keySet());
        return sync.refresh(repository.nodes(name)).stream()
                .sorted(Comparator.comparingInt((Node n) -> kindOrder.indexOf(n.kind())).thenComparingLong(ClusterServiceImpl::number))
                .toList();
    }

    @Override
    public String inventory(String name) {
        Cluster c = cluster(name);
        List<Node> live = nodes(name).stream().filter(n -> n.state() != InstanceState.TERMINATED && n.cloudId() != null).toList();
        return Inventory.of(c, live, identity.privateKeyFile());
    }

    // --- start ----------------------------------------------------------------------------------

    @Override
    public Cluster start(String name, StartOptions options, Progress<Node> progress) throws InterruptedException {
        try (PhaseLocks.Lease lease = locks.begin(name, ClusterState.STARTING)) {
            Cluster c = cluster(name);
            requireResting(c);
            if (c.state() == ClusterState.RUNNING) {
                throw new ConflictException("cluster '" + name + "' is running already; resize it, or stop it first");
            }
            ClusterTemplate spec = c.spec();
            int total = spec.nodeCount();
            if (options.minNodes() != null && (options.minNodes() < 1 || options.minNodes() > total)) {
                throw new InvalidRequestException("--min-nodes must be between 1 and the cluster's " + total + " nodes, not "
                        + options.minNodes());
            }
            String cloudName = cloudOf(spec);
            CloudConnection cloud = clouds.connection(cloudName);
            CloudCatalog catalog = cloud.catalog();
            StartChecks.check(spec, cloudName, catalog, this::setupProvider, setupProviderNames());
            Duration timeout = options.timeout() != null ? options.timeout() : Duration.ofSeconds(spec.startTimeoutSeconds());

            // Records of an earlier failed start are history now.
            repository.deleteNodes(repository.nodes(name).stream().map(Node::id).toList());
            c = c.beginPhase(ClusterState.STARTING, Instant.now());
            repository.update(c);
            events.phase(c, "starting " + total + " node(s) on cloud " + cloudName);
            try {
                List<Node> nodes = launchAll(c, cloudName, cloud, catalog);
                c = awaitStart(c, nodes, cloud, timeout, options.minNodes(), progress);
            } catch (InterruptedException e) {
                rollBack(c, "start cancelled");
                throw e;
            } catch (PhaseFailedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new PhaseFailedException("start of cluster '" + name + "' failed: " + e.getMessage(),
                        rollBack(c, "start failed: " + e.getMessage()));
            }
            if (c.spec().setupProvider() != null) {
                List<Node> ready = live(name);
                c = setupRunner().run(c, ready, ids(ready), Set.of());
            }
            return c;
        }
    }

    private List<Node> launchAll(Cluster c, String cloudName, CloudConnection cloud, CloudCatalog catalog) {
        NodeLauncher launcher = new NodeLauncher(repository, owner, identity.publicKey());
        List<Node> nodes = new ArrayList<>();
        for (NodeKind k : c.spec().kinds().values()) {
            if (k.count() > 0) {
                nodes.addAll(launcher.launch(c, cloudName, cloud, k, k.count(), imageOf(k, catalog), flavorOf(k, catalog)));
            }
        }
        return nodes;
    }

    /** The barrier of a start, and what follows from it: running, running with fewer nodes, or rolled back. */
    private Cluster awaitStart(Cluster c, List<Node> nodes, CloudConnection cloud, Duration timeout, Integer minNodes,
                               Progress<Node> progress) throws InterruptedException {
        ReadinessBarrier.Outcome<Node> outcome = new ReadinessBarrier(ssh, workers).await(nodes, sync::refresh,
                MachineView::of, timeout, minNodes == null, reporting(c, progress));
        List<Node> ready = markReady(outcome.ready());
        if (outcome.complete()) {
            Cluster running = c.endPhase(ClusterState.RUNNING, null, Instant.now());
            repository.update(running);
            events.phase(running, "all " + ready.size() + " node(s) ready");
            return running;
        }
        String why = outcome.describe(nodes.size(), "node");
        if (minNodes != null && enough(c.spec(), ready, minNodes)) {
            return keepWhatCameUp(c, nodes, ready, outcome.notReady(), cloud, why);
        }
        throw new PhaseFailedException("cluster '" + c.name() + "' did not start: " + why,
                rollBack(c, "start failed: " + why, outcome.notReady()));
    }

    private static boolean enough(ClusterTemplate spec, List<Node> ready, int minNodes) {
        if (ready.size() < minNodes) {
            return false;
        }
        Map<String, Long> byKind = ready.stream().collect(Collectors.groupingBy(Node::kind, Collectors.counting()));
        return spec.kinds().values().stream().filter(k -> k.count() > 0)
                .allMatch(k -> byKind.getOrDefault(k.name(), 0L) >= (k.minCount() >= 0 ? k.minCount() : 1));
    }

    private Cluster keepWhatCameUp(Cluster c, List<Node> nodes, List<Node> ready, Map<String, String> notReady,
                                   CloudConnection cloud, String why) {
        Set<String> readyIds = ids(ready);
        List<Node> dropped = nodes.stream().filter(n -> !readyIds.contains(n.id())).toList();
        destroy(cloud, dropped);
        repository.deleteNodes(dropped.stream().map(Node::id).toList());
        ClusterTemplate spec = c.spec();
        for (NodeKind k : c.spec().kinds().values()) {
            spec = spec.withKind(k.withCount((int) ready.stream().filter(n -> n.kind().equals(k.name())).count()));
        }
        String reason = "started with " + ready.size() + " of " + nodes.size() + " node(s); left out: "
                + dropped.stream().map(n -> n.id() + " (" + notReady.getOrDefault(n.id(), n.stateReason()) + ")")
                .collect(Collectors.joining(", "));
        Cluster running = c.withSpec(spec).endPhase(ClusterState.RUNNING, reason, Instant.now());
        repository.update(running);
        events.phase(running, reason);
        LOG.info("Cluster {}: {} ({})", c.name(), reason, why);
        return running;
    }

    /** Destroys every node of a failed phase and marks the cluster FAILED, keeping each node's reason. */
    private Cluster rollBack(Cluster c, String reason) {
        return rollBack(c, reason, Map.of());
    }

    private Cluster rollBack(Cluster c, String reason, Map<String, String> notReady) {
        List<Node> nodes = repository.nodes(c.name());
        List<Node> marked = new ArrayList<>();
        try {
            destroyAll(nodes);
            for (Node n : nodes) {
                String why = notReady.containsKey(n.id()) ? notReady.get(n.id())
                        : n.state() == InstanceState.TERMINATED ? n.stateReason() : "destroyed: " + reason;
                marked.add(n.withState(InstanceState.TERMINATED, why));
            }
            repository.saveNodes(marked);
        } catch (NubisException e) {
            // The nodes stay on record as they are, so that a later stop or reconcile finds them.
            reason = reason + "; destroying its nodes failed too: " + e.getMessage();
        }
        Cluster failed = c.endPhase(ClusterState.FAILED, reason, Instant.now());
        repository.update(failed);
        events.phase(failed, reason);
        LOG.info("Cluster {} failed: {}", c.name(), reason);
        return failed;
    }

    // --- setup ----------------------------------------------------------------------------------

    @Override
    public Cluster setup(String name, Progress<Node> progress) throws InterruptedException {
        try (PhaseLocks.Lease lease = locks.begin(name, ClusterState.SETTING_UP)) {
            Cluster c = cluster(name);
            requireRunning(c, "set up");
            if (c.spec().setupProvider() == null) {
                throw new InvalidRequestException("cluster '" + name + "' has no setup: its template names no setup.provider");
            }
            List<Node> nodes = live(name);
            return setupRunner().run(c, nodes, ids(nodes), Set.of());
        }
    }

    private SetupRunner setupRunner() {
        return new SetupRunner(repository, this::setupProvider, events);
    }

    // --- resize ---------------------------------------------------------------------------------

    @Override
    public Cluster resize(String name, String kind, int delta, Progress<Node> progress) throws InterruptedException {
        try (PhaseLocks.Lease lease = locks.begin(name, ClusterState.RESIZING)) {
            Cluster c = cluster(name);
            requireRunning(c, "resize");
            NodeKind k = c.spec().kinds().get(kind);
            if (k == null) {
                throw new NotFoundException("cluster '" + name + "' has no kind '" + kind + "'; kinds: "
                        + String.join(", ", c.spec().kinds().keySet()));
            }
            if (delta == 0) {
                throw new InvalidRequestException("resize by 0 changes nothing; give +N or -N");
            }
            List<Node> before = live(name);
            List<Node> ofKind = before.stream().filter(n -> n.kind().equals(kind)).toList();
            if (ofKind.size() + delta < 0) {
                throw new InvalidRequestException("cannot remove " + (-delta) + " " + kind + " node(s): cluster '" + name
                        + "' has " + ofKind.size());
            }
            return delta > 0 ? grow(c, k, delta, before, progress) : shrink(c, k, -delta, before, ofKind);
        }
    }

    private Cluster grow(Cluster c, NodeKind k, int count, List<Node> before, Progress<Node> progress) throws InterruptedException {
        String cloudName = cloudOf(c.spec());
        CloudConnection cloud = clouds.connection(cloudName);
        CloudCatalog catalog = cloud.catalog();
        Cluster phase = c.beginPhase(ClusterState.RESIZING, Instant.now());
        repository.update(phase);
        events.phase(phase, "adding " + count + " " + k.name() + " node(s)");
        List<Node> added;
        try {
            added = new NodeLauncher(repository, owner, identity.publicKey())
                    .launch(phase, cloudName, cloud, k, count, imageOf(k, catalog), flavorOf(k, catalog));
            ReadinessBarrier.Outcome<Node> outcome = new ReadinessBarrier(ssh, workers).await(added, sync::refresh,
                    MachineView::of, Duration.ofSeconds(c.spec().startTimeoutSeconds()), true, reporting(phase, progress));
            if (!outcome.complete()) {
                String why = outcome.describe(added.size(), "new node");
                destroy(cloud, added);
                repository.deleteNodes(added.stream().map(Node::id).toList());
                Cluster back = phase.endPhase(ClusterState.RUNNING, "resize failed: " + why, Instant.now());
                repository.update(back);
                events.phase(back, "resize failed: " + why);
                throw new PhaseFailedException("cluster '" + c.name() + "' was not resized: " + why, back);
            }
            added = markReady(outcome.ready());
        } catch (InterruptedException e) {
            undoGrowth(phase, cloud, "resize cancelled");
            throw e;
        }
        Cluster grown = phase.withSpec(phase.spec().withKind(k.withCount(k.count() + count)))
                .endPhase(ClusterState.RUNNING, null, Instant.now());
        repository.update(grown);
        events.phase(grown, "added " + ids(added));
        return setUpAfterResize(grown, ids(added), ids(before));
    }

    /** A growth that did not finish: the nodes that never became ready go again. */
    private void undoGrowth(Cluster phase, CloudConnection cloud, String reason) {
        List<Node> unready = repository.nodes(phase.name()).stream().filter(n -> n.readyAt() == null).toList();
        destroy(cloud, unready);
        repository.deleteNodes(unready.stream().map(Node::id).toList());
        repository.update(phase.endPhase(ClusterState.RUNNING, reason, Instant.now()));
    }

    private Cluster shrink(Cluster c, NodeKind k, int count, List<Node> before, List<Node> ofKind) throws InterruptedException {
        // The newest nodes go first: the ones that carry the least state.
        List<Node> leaving = ofKind.stream().sorted(Comparator.comparing(Node::createdAt).thenComparing(ClusterServiceImpl::number)
                .reversed()).limit(count).toList();
        Cluster phase = c.beginPhase(ClusterState.RESIZING, Instant.now());
        repository.update(phase);
        events.phase(phase, "removing " + ids(leaving));
        destroyAll(leaving);
        repository.deleteNodes(leaving.stream().map(Node::id).toList());
        leaving.forEach(n -> ssh.forget(n.id()));
        Cluster shrunk = phase.withSpec(phase.spec().withKind(k.withCount(k.count() - count)))
                .endPhase(ClusterState.RUNNING, null, Instant.now());
        repository.update(shrunk);
        events.phase(shrunk, "removed " + ids(leaving));
        Set<String> staying = new HashSet<>(ids(before));
        staying.removeAll(ids(leaving));
        return setUpAfterResize(shrunk, Set.of(), staying);
    }

    /** New nodes get the full setup; the others learn about the change. Only when the cluster was set up before. */
    private Cluster setUpAfterResize(Cluster c, Set<String> configure, Set<String> refresh) throws InterruptedException {
        if (c.spec().setupProvider() == null || c.setup() == SetupState.NOT_RUN) {
            return c;
        }
        return setupRunner().run(c, live(c.name()), configure, refresh);
    }

    @Override
    public CompletableFuture<Node> addNode(String name, String kind) {
        Cluster c = cluster(name);
        requireRunning(c, "add a node to");
        Set<String> before = ids(repository.nodes(name));
        return CompletableFuture.supplyAsync(() -> {
            try {
                resize(name, kind, 1, Progress.none());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            return repository.nodes(name).stream().filter(n -> !before.contains(n.id())).findFirst()
                    .orElseThrow(() -> new NubisException("the new " + kind + " node of cluster '" + name + "' is gone"));
        }, workers);
    }

    // --- stop -----------------------------------------------------------------------------------

    @Override
    public Cluster stop(String name, Progress<Node> progress) throws InterruptedException {
        try (PhaseLocks.Lease lease = locks.begin(name, ClusterState.STOPPING)) {
            Cluster c = cluster(name);
            requireResting(c);
            return finishStop(c);
        }
    }

    /** Destroys every node of the cluster; on a cloud error the records stay, and the cluster says so. */
    private Cluster finishStop(Cluster c) {
        Cluster phase = c.beginPhase(ClusterState.STOPPING, Instant.now());
        repository.update(phase);
        List<Node> nodes = repository.nodes(c.name());
        events.phase(phase, "destroying " + nodes.size() + " node(s)");
        try {
            destroyAll(nodes);
        } catch (NubisException e) {
            Cluster failed = phase.endPhase(ClusterState.FAILED, "stop failed, nodes may remain: " + e.getMessage(), Instant.now());
            repository.update(failed);
            throw new PhaseFailedException("cluster '" + c.name() + "' was not stopped: " + e.getMessage(), failed);
        }
        repository.deleteNodes(nodes.stream().map(Node::id).toList());
        nodes.forEach(n -> ssh.forget(n.id()));
        Cluster stopped = phase.withSetup(SetupState.NOT_RUN, null).endPhase(ClusterState.STOPPED, null, Instant.now());
        repository.update(stopped);
        events.phase(stopped, "stopped");
        return stopped;
    }

    @Override
    public void delete(String name) {
        try (PhaseLocks.Lease lease = locks.begin(name, ClusterState.STOPPING)) {
            Cluster c = cluster(name);
            requireResting(c);
            long live = repository.nodes(name).stream().filter(n -> n.state() != InstanceState.TERMINATED).count();
            if (live > 0) {
                throw new ConflictException("cluster '" + name + "' has " + live + " node(s); stop it first (cluster:stop " + name + ")");
            }
            repository.delete(name);
        }
    }

    // --- reconcile ------------------------------------------------------------------------------

    @Override
    public ReconcileReport reconcile(boolean destroyOrphans) {
        return new Reconciliation(clouds, repository, experiments, owner, locks::isRunning, this::interrupted)
                .run(destroyOrphans);
    }

    private ReconcileReport reconcileAtStartup() {
        return reconcile(false);
    }

    /**
     * A phase that no thread runs any more (Nubis died in it): finish a stop, roll back a start or a
     * growth, and end a setup as failed. Returns what was done, in one line.
     */
    private String interrupted(Cluster c) {
        String why = c.state().label() + " was interrupted (Nubis stopped during it)";
        return switch (c.state()) {
            case STOPPING -> {
                finishStop(c);
                yield c.name() + ": finished the interrupted stop";
            }
            case STARTING -> {
                rollBack(c, why + "; rolled back");
                yield c.name() + ": rolled back the interrupted start";
            }
            case RESIZING -> {
                undoGrowth(c, clouds.connection(cloudOf(c.spec())), why + "; nodes that were not ready were removed");
                yield c.name() + ": rolled back the interrupted resize";
            }
            case SETTING_UP -> {
                repository.update(c.endPhase(ClusterState.RUNNING, null, Instant.now()).withSetup(SetupState.FAILED, why));
                yield c.name() + ": marked the interrupted setup as failed; run cluster:setup " + c.name() + " again";
            }
            default -> c.name() + ": nothing to do";
        };
    }

    // --- helpers --------------------------------------------------------------------------------

    private void requireResting(Cluster c) {
        if (c.state().isPhase()) {
            throw new ConflictException("cluster '" + c.name() + "' was left " + c.state().label()
                    + " by an interrupted Nubis; run cloud:reconcile to finish or roll it back");
        }
    }

    private void requireRunning(Cluster c, String what) {
        requireResting(c);
        if (c.state() != ClusterState.RUNNING) {
            throw new ConflictException("cannot " + what + " cluster '" + c.name() + "': it is " + c.state().label()
                    + (c.state() == ClusterState.CREATED || c.state() == ClusterState.STOPPED ? "; start it first" : ""));
        }
    }

    /** Nodes that are there (not terminated), refreshed. */
    private List<Node> live(String name) {
        return sync.refresh(repository.nodes(name)).stream().filter(n -> n.state() != InstanceState.TERMINATED).toList();
    }

    private List<Node> markReady(List<Node> ready) {
        Instant now = Instant.now();
        List<Node> marked = ready.stream().map(n -> n.ready(now)).toList();
        repository.saveNodes(marked);
        return marked;
    }

    private Progress<Node> reporting(Cluster c, Progress<Node> progress) {
        return (n, done, total) -> {
            progress.completed(n, done, total);
            events.node(c, n, done, total, "ready");
        };
    }

    private void destroyAll(List<Node> nodes) {
        Map<String, List<Node>> byCloud = nodes.stream().collect(Collectors.groupingBy(Node::cloud, LinkedHashMap::new,
                Collectors.toList()));
        byCloud.forEach((cloud, list) -> destroy(clouds.connection(cloud), list));
    }

    private static void destroy(CloudConnection cloud, List<Node> nodes) {
        List<String> ids = nodes.stream().filter(n -> n.cloudId() != null && n.state() != InstanceState.TERMINATED)
                .map(Node::cloudId).toList();
        if (!ids.isEmpty()) {
            cloud.terminate(ids);
        }
    }

    private String cloudOf(ClusterTemplate spec) {
        return spec.cloud() != null ? spec.cloud() : clouds.defaultCloud();
    }

    private static String imageOf(NodeKind k, CloudCatalog catalog) {
        return k.image() != null ? k.image() : catalog.defaultImage();
    }

    private static String flavorOf(NodeKind k, CloudCatalog catalog) {
        return k.flavor() != null ? k.flavor() : catalog.defaultFlavor();
    }

    private SetupProvider setupProvider(String name) {
        return setupProviders.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private List<String> setupProviderNames() {
        return setupProviders.stream().map(SetupProvider::name).sorted().toList();
    }

    private static Set<String> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    private static long number(Node n) {
        String id = n.id();
        int i = id.lastIndexOf('-');
        try {
            return Long.parseLong(id.substring(i + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String orNone(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
