package org.nubis.core.cluster;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nubis.api.ConflictException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.NubisException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.ClusterTemplates;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.ReconcileReport;
import org.nubis.api.cluster.Reconciler;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.ClusterRepository;
import org.nubis.api.repository.MachineRepository;
import org.nubis.api.setup.SetupProvider;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshIdentity;
import org.nubis.core.Echo;
import org.nubis.core.CoreConfig;
import org.nubis.core.CoreThreads;
import org.nubis.core.cloud.LaunchesInFlight;
import org.nubis.core.Owner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;

/**
 * Clusters: the phases start, setup, resize and stop, one at a time per cluster, each with a
 * deadline, progress events, and a way back when it fails. Also reconciles records with clouds,
 * since only it knows which phases are really running.
 */
@Component(service = {ClusterService.class, Reconciler.class}, configurationPid = "org.nubis.core")
public class ClusterServiceImpl implements ClusterService, Reconciler {

    @Reference
    CloudRegistry clouds;
    @Reference
    ClusterRepository repository;
    @Reference
    MachineRepository machines;
    @Reference
    CoreThreads threads;
    @Reference
    ClusterTemplates templates;
    @Reference
    SshEngine ssh;
    @Reference
    SshIdentity identity;
    @Reference
    LaunchesInFlight launches;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EventAdmin eventAdmin;

    private final List<SetupProvider> setupProviders = new CopyOnWriteArrayList<>();
    private final PhaseLocks locks = new PhaseLocks();
    private String owner;
    private ClusterWork work;
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
        work = new ClusterWork(repository, machines, clouds, ssh, identity, new ClusterEvents(() -> eventAdmin), threads, owner,
                this::setupProvider, this::setupProviderNames);
        startupReconcile = new StartupReconcile(this::reconcileAtStartup, clouds, threads.timer());
        startupReconcile.start();
    }

    @Deactivate
    void deactivate() {
        startupReconcile.stop();
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
        return repository.find(name).orElseThrow(() -> new NotFoundException("no cluster named '" + Echo.of(name) + "'; clusters: "
                + orNone(repository.list().stream().map(Cluster::name).toList())));
    }

    @Override
    public List<Machine> nodes(String name) {
        Cluster c = cluster(name);
        List<String> kindOrder = List.copyOf(c.spec().kinds().keySet());
        return work.sync.refresh(machines.ofCluster(name)).stream()
                .sorted(Comparator.comparingInt((Machine n) -> kindOrder.indexOf(n.kind())).thenComparingLong(ClusterWork::number))
                .toList();
    }

    @Override
    public String inventory(String name) {
        Cluster c = cluster(name);
        List<Machine> live = nodes(name).stream().filter(n -> n.state() != InstanceState.TERMINATED && n.cloudId() != null).toList();
        return Inventory.of(c, live, identity.privateKeyFile());
    }

    // --- start ----------------------------------------------------------------------------------

    @Override
    public Cluster start(String name, StartOptions options, Progress<Machine> progress) throws InterruptedException {
        try (PhaseLocks.Lease lease = locks.begin(name, ClusterState.STARTING)) {
            Cluster c = cluster(name);
            requireResting(c);
            if (c.state() == ClusterState.RUNNING) {
                throw new ConflictException("cluster '" + name + "' is running already; resize it, or stop it first");
            }
            return new ClusterStart(work).run(c, options, progress);
        }
    }

    // --- setup ----------------------------------------------------------------------------------

    @Override
    public Cluster setup(String name, Progress<Machine> progress) throws InterruptedException {
        try (PhaseLocks.Lease lease = locks.begin(name, ClusterState.SETTING_UP)) {
            Cluster c = cluster(name);
            requireRunning(c, "set up");
            if (c.spec().setupProvider() == null) {
                throw new InvalidRequestException("cluster '" + name + "' has no setup: its template names no setup.provider");
            }
            List<Machine> nodes = work.live(name);
            return work.setupRunner().run(c, nodes, ClusterWork.ids(nodes), Set.of());
        }
    }

    // --- resize ---------------------------------------------------------------------------------

    @Override
    public Cluster resize(String name, String kind, int delta, Progress<Machine> progress) throws InterruptedException {
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
            List<Machine> before = work.live(name);
            List<Machine> ofKind = before.stream().filter(n -> n.kind().equals(kind)).toList();
            if (ofKind.size() + delta < 0) {
                throw new InvalidRequestException("cannot remove " + (-delta) + " " + kind + " node(s): cluster '" + name
                        + "' has " + ofKind.size());
            }
            ClusterResize resize = new ClusterResize(work);
            return delta > 0 ? resize.grow(c, k, delta, before, progress) : resize.shrink(c, k, -delta, before, ofKind);
        }
    }

    @Override
    public CompletableFuture<Machine> addNode(String name, String kind) {
        Cluster c = cluster(name);
        requireRunning(c, "add a node to");
        Set<String> before = ClusterWork.ids(machines.ofCluster(name));
        return CompletableFuture.supplyAsync(() -> {
            try {
                resize(name, kind, 1, Progress.none());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            return machines.ofCluster(name).stream().filter(n -> !before.contains(n.id())).findFirst()
                    .orElseThrow(() -> new NubisException("the new " + kind + " node of cluster '" + name + "' is gone"));
        }, threads.background());
    }

    // --- stop -----------------------------------------------------------------------------------

    @Override
    public Cluster stop(String name, Progress<Machine> progress) throws InterruptedException {
        try (PhaseLocks.Lease lease = locks.begin(name, ClusterState.STOPPING)) {
            Cluster c = cluster(name);
            requireResting(c);
            return new ClusterStop(work).run(c);
        }
    }

    @Override
    public void delete(String name) {
        try (PhaseLocks.Lease lease = locks.begin(name, ClusterState.STOPPING)) {
            Cluster c = cluster(name);
            requireResting(c);
            long live = machines.ofCluster(name).stream().filter(n -> n.state() != InstanceState.TERMINATED).count();
            if (live > 0) {
                throw new ConflictException("cluster '" + name + "' has " + live + " node(s); stop it first (cluster:stop " + name + ")");
            }
            repository.delete(name);
        }
    }

    // --- reconcile ------------------------------------------------------------------------------

    @Override
    public ReconcileReport reconcile(boolean destroyOrphans) {
        return new Reconciliation(clouds, repository, machines, owner, locks::isRunning, this::interrupted,
                launches::mayStillCreate).run(destroyOrphans);
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
                new ClusterStop(work).run(c);
                yield c.name() + ": finished the interrupted stop";
            }
            case STARTING -> {
                new ClusterStart(work).rollBack(c, why + "; rolled back", Map.of());
                yield c.name() + ": rolled back the interrupted start";
            }
            case RESIZING -> {
                new ClusterResize(work).undoGrowth(c, clouds.connection(work.cloudOf(c.spec())),
                        why + "; nodes that were not ready were removed");
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

    private SetupProvider setupProvider(String name) {
        return setupProviders.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private List<String> setupProviderNames() {
        return setupProviders.stream().map(SetupProvider::name).sorted().toList();
    }

    private static String orNone(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
