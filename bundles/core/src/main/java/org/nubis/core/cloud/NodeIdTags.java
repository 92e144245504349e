package org.nubis.core.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.nubis.api.NubisException;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.NubisTags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags each new instance with the id of the record that tracks it ({@code nubis:node}). Each value
 * differs, so a cloud takes one request per instance: they go several at a time (core's cloud-call pool), since
 * one after the other made 500 instances wait 5 s on the local cloud's EC2 face (and would take
 * far longer on EC2 itself). A failure only warns: the launch tags still tie the instance to
 * its record, and reconcile can pair them.
 */
public final class NodeIdTags {

    private static final Logger LOG = LoggerFactory.getLogger(NodeIdTags.class);

    /** A cloud id and the id of the record (instance or node) that tracks it. */
    public record Pair(String cloudId, String nodeId) {
    }

    private NodeIdTags() {
    }

    /**
     * Tags them all on {@code workers} (several at a time), warning about those that could not be
     * tagged. Interruption stops it and is kept.
     */
    public static void apply(CloudConnection cloud, List<Pair> pairs, ExecutorService workers) {
        if (pairs.isEmpty()) {
            return;
        }
        List<Future<?>> done = new ArrayList<>(pairs.size());
        try {
            for (Pair p : pairs) {
                done.add(workers.submit(() -> tag(cloud, p)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // tag() catches what a cloud throws; anything else is a bug worth seeing
            throw new IllegalStateException("tagging instances failed", e.getCause());
        } finally {
            done.forEach(f -> f.cancel(true));
        }
    }

    private static void tag(CloudConnection cloud, Pair p) {
        try {
            cloud.tag(p.cloudId(), Map.of(NubisTags.NODE, p.nodeId()));
        } catch (NubisException e) {
            LOG.warn("Could not tag {} with its record's id {}: {}", p.cloudId(), p.nodeId(), e.getMessage());
        }
    }
}
