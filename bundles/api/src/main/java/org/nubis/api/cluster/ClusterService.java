package org.nubis.api.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.nubis.api.Progress;
import org.nubis.api.machine.Machine;

/**
 * Clusters: created from templates, then started, set up, resized and stopped as a whole. Only one
 * phase runs on a cluster at a time (another one is refused with a
 * {@link org.nubis.api.ConflictException}); each phase has a deadline, reports progress per node
 * and publishes events (see {@link org.nubis.api.event.NubisEvents}). If the calling thread is
 * interrupted, the phase stops and is rolled back like a failure.
 */
public interface ClusterService {

    /**
     * Defines a cluster from a template, with overrides such as {@code compute.count=8},
     * {@code compute.flavor=large}, {@code cloud=lab}. Creates no node.
     */
    Cluster create(String name, String template, Map<String, String> overrides);

    /**
     * Starts every node in parallel and waits until all answer SSH. On timeout or cloud error,
     * everything created is destroyed and the cluster is FAILED with the reason per node; with a
     * minimum ({@link StartOptions#minNodes()}), the nodes that came up are kept when enough did.
     * Then runs the setup, if the template names a setup provider.
     */
    Cluster start(String name, StartOptions options, Progress<Machine> progress) throws InterruptedException;

    /** Runs the cluster's setup provider on every node; can be run again. */
    Cluster setup(String name, Progress<Machine> progress) throws InterruptedException;

    /**
     * Adds ({@code delta > 0}) or removes nodes of a kind. New nodes are set up, and the nodes that
     * must learn about the change are refreshed; removed nodes are the newest of the kind.
     */
    Cluster resize(String name, String kind, int delta, Progress<Machine> progress) throws InterruptedException;

    /** Starts one more node of a kind without waiting: the future completes when it is ready and set up. */
    CompletableFuture<Machine> addNode(String name, String kind);

    /** Destroys every node; the cluster stays, STOPPED, and can be started again. */
    Cluster stop(String name, Progress<Machine> progress) throws InterruptedException;

    /** Forgets a cluster that has no nodes (stopped, created or failed). */
    void delete(String name);

    List<Cluster> clusters();

    Cluster cluster(String name);

    /** The cluster's nodes, with their state refreshed from the cloud. */
    List<Machine> nodes(String name);

    /** An Ansible inventory (INI) of the cluster: one group per setup group, connection vars per host. */
    String inventory(String name);
}
