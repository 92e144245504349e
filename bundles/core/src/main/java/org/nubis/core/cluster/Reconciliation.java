package org.nubis.core.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.nubis.api.cluster.ReconcileReport;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.ClusterRepository;
import org.nubis.api.repository.MachineRepository;

/**
 * One reconcile: for each cloud, what it reports under this Nubis's owner tag against the machine
 * records, experiments' and clusters' alike; then the cluster phases nobody runs any more.
 */
final class Reconciliation {

    private final CloudRegistry clouds;
    private final ClusterRepository clusters;
    private final MachineRepository machines;
    private final String owner;
    private final Predicate<String> phaseRunning;
    private final Function<Cluster, String> finishInterrupted;
    private final Predicate<Machine> mayStillCreate;

    private final List<String> adopted = new ArrayList<>();
    private final List<String> orphans = new ArrayList<>();
    private final List<String> destroyed = new ArrayList<>();
    private final List<String> gone = new ArrayList<>();
    private final List<String> phases = new ArrayList<>();
    private final List<String> unavailable = new ArrayList<>();

    Reconciliation(CloudRegistry clouds, ClusterRepository clusters, MachineRepository machines, String owner,
                   Predicate<String> phaseRunning, Function<Cluster, String> finishInterrupted,
                   Predicate<Machine> mayStillCreate) {
        this.mayStillCreate = mayStillCreate;
        this.clouds = clouds;
        this.clusters = clusters;
        this.machines = machines;
        this.owner = owner;
        this.phaseRunning = phaseRunning;
        this.finishInterrupted = finishInterrupted;
    }

    ReconcileReport run(boolean destroyOrphans) {
        // Clusters with a phase running right now are that phase's business, not ours.
        Set<String> busy = new HashSet<>(clusters.list().stream().map(Cluster::name).filter(phaseRunning).toList());
        for (CloudInfo info : clouds.clouds()) {
            if (!info.available()) {
                unavailable.add(info.name() + ": " + info.status());
                continue;
            }
            try {
                reconcileCloud(info.name(), clouds.connection(info.name()), busy, destroyOrphans);
            } catch (NubisException e) {
                unavailable.add(info.name() + ": " + e.getMessage());
            }
        }
        for (Cluster c : clusters.list()) {
            if (!busy.contains(c.name()) && c.state().isPhase()) {
                try {
                    phases.add(finishInterrupted.apply(c));
                } catch (NubisException e) {
                    phases.add(c.name() + ": could not finish the interrupted " + c.state().label() + ": " + e.getMessage());
                }
            }
        }
        return new ReconcileReport(adopted, orphans, destroyed, gone, phases, unavailable);
    }

    private void reconcileCloud(String cloud, CloudConnection connection, Set<String> busy, boolean destroyOrphans) {
        List<CloudInstance> reported = connection.describe(Map.of(NubisTags.OWNER, owner)).stream()
                .filter(i -> i.state() != InstanceState.TERMINATED).toList();
        List<Machine> records = new ArrayList<>(machines.onCloud(cloud).stream()
                .filter(m -> m.cluster() == null || !busy.contains(m.cluster())).toList());
        Set<String> known = new HashSet<>(records.stream().map(Machine::cloudId).filter(Objects::nonNull).toList());

        List<String> stray = new ArrayList<>();
        for (CloudInstance r : reported) {
            if (known.contains(r.cloudId())) {
                continue;
            }
            String cluster = r.tags().get(NubisTags.CLUSTER);
            if (cluster != null && busy.contains(cluster)) {
                continue; // a phase of that cluster is launching it right now
            }
            if (!adopt(cloud, r, records)) {
                orphans.add(cloud + ": " + r.cloudId() + " (" + owners(r) + ")");
                stray.add(r.cloudId());
            }
        }
        if (destroyOrphans && !stray.isEmpty()) {
            connection.terminate(stray);
            stray.forEach(id -> destroyed.add(cloud + ": " + id));
        }
        Set<String> reportedIds = new HashSet<>(reported.stream().map(CloudInstance::cloudId).toList());
        forgetWhatIsGone(cloud, reportedIds, records);
    }

    /**
     * Pairs a cloud instance with the record waiting for it: the one its node-id tag names, else
     * one of its launch, else (records made before launches were recorded) the oldest waiting one.
     */
    private boolean adopt(String cloud, CloudInstance r, List<Machine> records) {
        String experiment = r.tags().get(NubisTags.EXPERIMENT);
        String cluster = r.tags().get(NubisTags.CLUSTER);
        if (experiment == null && cluster == null) {
            return false;
        }
        String nodeId = r.tags().get(NubisTags.NODE);
        String launch = r.tags().get(NubisTags.LAUNCH);
        List<Machine> waiting = records.stream()
                .filter(m -> m.cloudId() == null && m.state() != InstanceState.TERMINATED)
                .filter(m -> cluster != null ? cluster.equals(m.cluster()) : experiment.equals(m.experiment()))
                .toList();
        Optional<Machine> record = nodeId != null ? waiting.stream().filter(m -> m.id().equals(nodeId)).findFirst()
                : Optional.empty();
        if (record.isEmpty()) {
            record = waiting.stream().filter(m -> m.launch() == null ? cluster == null : m.launch().equals(launch)).findFirst();
        }
        if (record.isEmpty()) {
            return false;
        }
        Machine m = record.get();
        Machine paired = m.withCloud(r);
        machines.save(List.of(paired));
        records.set(records.indexOf(m), paired);
        adopted.add(cloud + ": " + r.cloudId() + " as " + noun(m) + " " + m.id());
        return true;
    }

    /**
     * Records whose instance the cloud no longer has, and records of launches that never happened
     * (a crash between writing the records and asking the cloud): a cluster keeps its nodes'
     * records, terminated with the reason; an experiment forgets instances that never were.
     */
    private void forgetWhatIsGone(String cloud, Set<String> reportedIds, List<Machine> records) {
        List<Machine> terminated = new ArrayList<>();
        List<Machine> neverCreated = new ArrayList<>();
        for (Machine m : records) {
            if (m.state() == InstanceState.TERMINATED) {
                continue;
            }
            if (m.cloudId() != null && !reportedIds.contains(m.cloudId())) {
                terminated.add(m.withState(InstanceState.TERMINATED, "no longer known to cloud '" + cloud + "'"));
                gone.add(cloud + ": " + noun(m) + " " + m.id() + " (" + m.cloudId() + ")");
            } else if (m.cloudId() == null && !mayStillCreate.test(m)) {
                if (m.cluster() != null) {
                    terminated.add(m.withState(InstanceState.TERMINATED, "never created by cloud '" + cloud + "'"));
                } else {
                    neverCreated.add(m);
                }
                gone.add(cloud + ": " + noun(m) + " " + m.id() + " (never created)");
            }
        }
        machines.save(terminated);
        machines.delete(neverCreated);
    }

    private static String noun(Machine m) {
        return m.cluster() != null ? "node" : "instance";
    }

    private static String owners(CloudInstance r) {
        List<String> parts = new ArrayList<>();
        Optional.ofNullable(r.tags().get(NubisTags.CLUSTER)).ifPresent(c -> parts.add("cluster " + c));
        Optional.ofNullable(r.tags().get(NubisTags.NODE)).ifPresent(n -> parts.add("node " + n));
        Optional.ofNullable(r.tags().get(NubisTags.EXPERIMENT)).ifPresent(e -> parts.add("experiment " + e));
        return parts.isEmpty() ? "no record of it" : String.join(", ", parts) + ": no record of it";
    }
}
