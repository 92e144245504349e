package org.nubis.core.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.nubis.api.NubisException;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.Node;
import org.nubis.api.cluster.ReconcileReport;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.experiment.Instance;
import org.nubis.api.repository.ClusterRepository;
import org.nubis.api.repository.ExperimentRepository;

/**
 * One reconcile: for each cloud, what it reports under this Nubis's owner tag against the records
 * of experiments and clusters; then the cluster phases nobody runs any more.
 */
final class Reconciliation {

    /** A record without a cloud id younger than this may belong to a launch under way right now. */
    private static final Duration LAUNCH_IN_FLIGHT = Duration.ofMinutes(5);

    private final CloudRegistry clouds;
    private final ClusterRepository clusters;
    private final ExperimentRepository experiments;
    private final String owner;
    private final Predicate<String> phaseRunning;
    private final Function<Cluster, String> finishInterrupted;

    private final List<String> adopted = new ArrayList<>();
    private final List<String> orphans = new ArrayList<>();
    private final List<String> destroyed = new ArrayList<>();
    private final List<String> gone = new ArrayList<>();
    private final List<String> phases = new ArrayList<>();
    private final List<String> unavailable = new ArrayList<>();

    Reconciliation(CloudRegistry clouds, ClusterRepository clusters, ExperimentRepository experiments, String owner,
                   Predicate<String> phaseRunning, Function<Cluster, String> finishInterrupted) {
        this.clouds = clouds;
        this.clusters = clusters;
        this.experiments = experiments;
        this.owner = owner;
        this.phaseRunning = phaseRunning;
        this.finishInterrupted = finishInterrupted;
    }

    ReconcileReport run(boolean destroyOrphans) {
        // Clusters with a phase running right now are that phase's business, not ours.
        List<Cluster> quiet = clusters.list().stream().filter(c -> !phaseRunning.test(c.name())).toList();
        for (CloudInfo info : clouds.clouds()) {
            if (!info.available()) {
                unavailable.add(info.name() + ": " + info.status());
                continue;
            }
            try {
                reconcileCloud(info.name(), clouds.connection(info.name()), quiet, destroyOrphans);
            } catch (NubisException e) {
                unavailable.add(info.name() + ": " + e.getMessage());
            }
        }
        for (Cluster c : quiet) {
            Cluster now = clusters.find(c.name()).orElse(null);
            if (now != null && now.state().isPhase()) {
                try {
                    phases.add(finishInterrupted.apply(now));
                } catch (NubisException e) {
                    phases.add(c.name() + ": could not finish the interrupted " + now.state().label() + ": " + e.getMessage());
                }
            }
        }
        return new ReconcileReport(adopted, orphans, destroyed, gone, phases, unavailable);
    }

    private void reconcileCloud(String cloud, CloudConnection connection, List<Cluster> quiet, boolean destroyOrphans) {
        List<CloudInstance> reported = connection.describe(Map.of(NubisTags.OWNER, owner)).stream()
                .filter(i -> i.state() != InstanceState.TERMINATED).toList();
        List<Node> nodes = new ArrayList<>();
        quiet.forEach(c -> clusters.nodes(c.name()).stream().filter(n -> n.cloud().equals(cloud)).forEach(nodes::add));
        List<Instance> instances = new ArrayList<>();
        for (Experiment e : experiments.list()) {
            experiments.instances(e.name()).stream().filter(i -> i.cloud().equals(cloud)).forEach(instances::add);
        }
        Set<String> known = new HashSet<>();
        nodes.stream().map(Node::cloudId).filter(id -> id != null).forEach(known::add);
        instances.stream().map(Instance::cloudId).filter(id -> id != null).forEach(known::add);
        Set<String> clusterNames = new HashSet<>(quiet.stream().map(Cluster::name).toList());
        Set<String> busyClusters = new HashSet<>(clusters.list().stream().map(Cluster::name).toList());
        busyClusters.removeAll(clusterNames);

        List<String> stray = new ArrayList<>();
        for (CloudInstance r : reported) {
            if (known.contains(r.cloudId())) {
                continue;
            }
            String cluster = r.tags().get(NubisTags.CLUSTER);
            if (cluster != null && busyClusters.contains(cluster)) {
                continue; // a phase of that cluster is launching it right now
            }
            if (!adoptAsNode(cloud, r, nodes) && !adoptAsInstance(cloud, r, instances)) {
                orphans.add(cloud + ": " + r.cloudId() + " (" + owners(r) + ")");
                stray.add(r.cloudId());
            }
        }
        if (destroyOrphans && !stray.isEmpty()) {
            connection.terminate(stray);
            stray.forEach(id -> destroyed.add(cloud + ": " + id));
        }
        Set<String> reportedIds = new HashSet<>(reported.stream().map(CloudInstance::cloudId).toList());
        forgetWhatIsGone(cloud, reportedIds, nodes, instances);
    }

    private boolean adoptAsNode(String cloud, CloudInstance r, List<Node> nodes) {
        String cluster = r.tags().get(NubisTags.CLUSTER);
        if (cluster == null) {
            return false;
        }
        String nodeId = r.tags().get(NubisTags.NODE);
        String launch = r.tags().get(NubisTags.LAUNCH);
        Optional<Node> record = nodes.stream()
                .filter(n -> n.cluster().equals(cluster) && n.cloudId() == null)
                .filter(n -> nodeId != null ? n.id().equals(nodeId) : n.launch() != null && n.launch().equals(launch))
                .findFirst();
        if (record.isEmpty()) {
            return false;
        }
        Node n = record.get();
        Node paired = n.withCloud(r.cloudId(), r.state(), r.stateReason(), r.publicHost(), r.privateHost(), r.sshPort(),
                n.sshUser() != null ? n.sshUser() : r.sshUser());
        clusters.saveNodes(List.of(paired));
        nodes.set(nodes.indexOf(n), paired);
        adopted.add(cloud + ": " + r.cloudId() + " as node " + n.id());
        return true;
    }

    private boolean adoptAsInstance(String cloud, CloudInstance r, List<Instance> instances) {
        String experiment = r.tags().get(NubisTags.EXPERIMENT);
        if (experiment == null) {
            return false;
        }
        // Instances of one experiment launched together are alike: the oldest record still waiting takes it.
        Optional<Instance> record = instances.stream()
                .filter(i -> i.experiment().equals(experiment) && i.cloudId() == null)
                .findFirst();
        if (record.isEmpty()) {
            return false;
        }
        Instance i = record.get();
        Instance paired = new Instance(i.id(), i.experiment(), i.cloud(), r.cloudId(), r.state(), r.stateReason(), i.tags(),
                r.publicHost(), r.privateHost(), r.sshPort(), r.sshUser(), i.image(), i.flavor(), i.createdAt());
        experiments.saveInstances(List.of(paired));
        instances.set(instances.indexOf(i), paired);
        adopted.add(cloud + ": " + r.cloudId() + " as instance " + i.id());
        return true;
    }

    /** Records whose instance the cloud no longer has, and records of launches that never happened. */
    private void forgetWhatIsGone(String cloud, Set<String> reportedIds, List<Node> nodes, List<Instance> instances) {
        Instant inFlight = Instant.now().minus(LAUNCH_IN_FLIGHT);
        List<Node> goneNodes = new ArrayList<>();
        for (Node n : nodes) {
            if (n.state() == InstanceState.TERMINATED) {
                continue;
            }
            if (n.cloudId() != null && !reportedIds.contains(n.cloudId())) {
                goneNodes.add(n.withState(InstanceState.TERMINATED, "no longer known to cloud '" + cloud + "'"));
                gone.add(cloud + ": node " + n.id() + " (" + n.cloudId() + ")");
            } else if (n.cloudId() == null && n.createdAt().isBefore(inFlight)) {
                goneNodes.add(n.withState(InstanceState.TERMINATED, "never created by cloud '" + cloud + "'"));
                gone.add(cloud + ": node " + n.id() + " (never created)");
            }
        }
        clusters.saveNodes(goneNodes);
        List<Instance> goneInstances = new ArrayList<>();
        List<String> neverCreated = new ArrayList<>();
        for (Instance i : instances) {
            if (i.state() == InstanceState.TERMINATED) {
                continue;
            }
            if (i.cloudId() != null && !reportedIds.contains(i.cloudId())) {
                goneInstances.add(i.withCloudState(InstanceState.TERMINATED, "no longer known to cloud '" + cloud + "'",
                        i.publicHost(), i.privateHost(), i.sshPort()));
                gone.add(cloud + ": instance " + i.id() + " (" + i.cloudId() + ")");
            } else if (i.cloudId() == null && i.createdAt().isBefore(inFlight)) {
                neverCreated.add(i.id());
                gone.add(cloud + ": instance " + i.id() + " (never created)");
            }
        }
        experiments.saveInstances(goneInstances);
        experiments.deleteInstances(neverCreated);
    }

    private static String owners(CloudInstance r) {
        List<String> parts = new ArrayList<>();
        Optional.ofNullable(r.tags().get(NubisTags.CLUSTER)).ifPresent(c -> parts.add("cluster " + c));
        Optional.ofNullable(r.tags().get(NubisTags.NODE)).ifPresent(n -> parts.add("node " + n));
        Optional.ofNullable(r.tags().get(NubisTags.EXPERIMENT)).ifPresent(e -> parts.add("experiment " + e));
        return parts.isEmpty() ? "no record of it" : String.join(", ", parts) + ": no record of it";
    }
}
