package org.nubis.core.cluster;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.ClusterRepository;
import org.nubis.api.repository.MachineRepository;
import org.nubis.api.setup.SetupProvider;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshIdentity;
import org.nubis.core.CoreThreads;
import org.nubis.core.cloud.MachineStateSync;
import org.nubis.core.cloud.ReadinessBarrier;

/** What every cluster phase works with — storage, clouds, SSH, events — and the small steps they share. */
final class ClusterWork {

    final ClusterRepository repository;
    final MachineRepository machines;
    final CloudRegistry clouds;
    final SshEngine ssh;
    final ClusterEvents events;
    final MachineStateSync sync;
    private final SshIdentity identity;
    private final CoreThreads threads;
    private final String owner;
    private final Function<String, SetupProvider> setupProviders;
    private final Supplier<List<String>> setupProviderNames;

    ClusterWork(ClusterRepository repository, MachineRepository machines, CloudRegistry clouds, SshEngine ssh,
                SshIdentity identity, ClusterEvents events, CoreThreads threads, String owner,
                Function<String, SetupProvider> setupProviders, Supplier<List<String>> setupProviderNames) {
        this.repository = repository;
        this.machines = machines;
        this.clouds = clouds;
        this.ssh = ssh;
        this.identity = identity;
        this.events = events;
        this.sync = new MachineStateSync(clouds, machines);
        this.threads = threads;
        this.owner = owner;
        this.setupProviders = setupProviders;
        this.setupProviderNames = setupProviderNames;
    }

    NodeLauncher launcher() {
        return new NodeLauncher(repository, machines, owner, identity.publicKey(), threads.cloudCalls());
    }

    ReadinessBarrier barrier() {
        return new ReadinessBarrier(ssh, threads.probes());
    }

    SetupRunner setupRunner() {
        return new SetupRunner(repository, machines, setupProviders, events);
    }

    SetupProvider setupProvider(String name) {
        return setupProviders.apply(name);
    }

    List<String> setupProviderNames() {
        return setupProviderNames.get();
    }

    /** Nodes that are there (not terminated), refreshed. */
    List<Machine> live(String cluster) {
        return sync.refresh(machines.ofCluster(cluster)).stream().filter(n -> n.state() != InstanceState.TERMINATED).toList();
    }

    List<Machine> markReady(List<Machine> ready) {
        Instant now = Instant.now();
        List<Machine> marked = ready.stream().map(n -> n.ready(now)).toList();
        machines.save(marked);
        return marked;
    }

    /** Tells the caller and the event listeners that a node is ready. */
    Progress<Machine> reporting(Cluster c, Progress<Machine> progress) {
        return (n, done, total) -> {
            progress.completed(n, done, total);
            events.node(c, n, done, total, "ready");
        };
    }

    void destroyAll(List<Machine> nodes) {
        Map<String, List<Machine>> byCloud = nodes.stream().collect(Collectors.groupingBy(Machine::cloud, LinkedHashMap::new,
                Collectors.toList()));
        byCloud.forEach((cloud, list) -> destroy(clouds.connection(cloud), list));
    }

    static void destroy(CloudConnection cloud, List<Machine> nodes) {
        List<String> ids = nodes.stream().filter(n -> n.cloudId() != null && n.state() != InstanceState.TERMINATED)
                .map(Machine::cloudId).toList();
        if (!ids.isEmpty()) {
            cloud.terminate(ids);
        }
    }

    String cloudOf(ClusterTemplate spec) {
        return spec.cloud() != null ? spec.cloud() : clouds.defaultCloud();
    }

    static String imageOf(NodeKind k, CloudCatalog catalog) {
        return k.image() != null ? k.image() : catalog.defaultImage();
    }

    static String flavorOf(NodeKind k, CloudCatalog catalog) {
        return k.flavor() != null ? k.flavor() : catalog.defaultFlavor();
    }

    static Set<String> ids(List<Machine> nodes) {
        return nodes.stream().map(Machine::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The N of {@code CLUSTER-KIND-N}. */
    static long number(Machine n) {
        String id = n.id();
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
