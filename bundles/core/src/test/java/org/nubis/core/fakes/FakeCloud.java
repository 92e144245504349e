package org.nubis.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.nubis.api.CloudException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.PartialLaunchException;

/**
 * A cloud in memory: instances launched run at once on 127.0.0.1, one port each. It records what
 * it was asked, can run a check at the moment of a launch, and can be made to fail: as a whole
 * (down, launch or terminate refused), in part (fewer or more instances than asked), per instance
 * (tagging).
 */
public final class FakeCloud implements CloudConnection {

    private final Map<String, CloudInstance> instances = new LinkedHashMap<>();
    private final List<String> terminated = new ArrayList<>();
    private final List<LaunchSpec> launches = new ArrayList<>();
    private int next = 1;
    /** When set, describe calls fail as an unreachable cloud does. */
    public volatile boolean down;
    /** Called with each launch spec before anything is created. */
    public volatile Consumer<LaunchSpec> onLaunch = spec -> { };
    /** Called with what a launch created, before the caller sees it (to change their state, say). */
    public volatile Consumer<List<CloudInstance>> afterLaunch = created -> { };
    /** What {@link #catalog()} answers. */
    public volatile CloudCatalog catalog = new CloudCatalog(List.of("img"), List.of("small"), "img", "small", 100);
    /** When set, a launch creates nothing and throws this. */
    public volatile RuntimeException launchFailure;
    /** A launch for more creates this many and throws {@link PartialLaunchException} carrying them. */
    public volatile int createAtMost = Integer.MAX_VALUE;
    /** A launch creates this many more than asked (clouds that retry a request may do so). */
    public volatile int extra;
    /** When set, terminate calls fail and terminate nothing. */
    public volatile boolean terminateFails;
    /** Cloud ids whose tagging throws the given exception. */
    public final Map<String, RuntimeException> tagFailures = new ConcurrentHashMap<>();

    @Override
    public CloudCatalog catalog() {
        return catalog;
    }

    @Override
    public synchronized List<CloudInstance> launch(LaunchSpec spec) {
        launches.add(spec);
        onLaunch.accept(spec);
        if (launchFailure != null) {
            throw launchFailure;
        }
        int count = Math.min(spec.count() + extra, createAtMost);
        List<CloudInstance> launched = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            launched.add(add(InstanceState.RUNNING, spec.tags()));
        }
        afterLaunch.accept(launched);
        List<CloudInstance> now = launched.stream().map(c -> instances.get(c.cloudId())).toList();
        if (count < spec.count()) {
            throw new PartialLaunchException("quota reached after " + count, now, null);
        }
        return now;
    }

    /** Every launch spec asked for, in order, failed ones too. */
    public synchronized List<LaunchSpec> launches() {
        return new ArrayList<>(launches);
    }

    /** Every instance, as the cloud reports it now. */
    public synchronized List<CloudInstance> all() {
        return new ArrayList<>(instances.values());
    }

    public synchronized CloudInstance instance(String cloudId) {
        return instances.get(cloudId);
    }

    /** Cloud ids of the instances that are not terminated. */
    public synchronized Set<String> live() {
        Set<String> ids = new TreeSet<>();
        instances.values().stream().filter(c -> c.state() != InstanceState.TERMINATED).forEach(c -> ids.add(c.cloudId()));
        return ids;
    }

    /** An instance that appears on the cloud as if launched by someone (or by a Nubis that crashed). */
    public synchronized CloudInstance add(InstanceState state, Map<String, String> tags) {
        String id = "i-" + next;
        CloudInstance c = new CloudInstance(id, state, null, tags, "127.0.0.1", "10.0.0." + next, 40000 + next, "root",
                "img", "small", Instant.now());
        next++;
        instances.put(id, c);
        return c;
    }

    public synchronized void set(String cloudId, InstanceState state) {
        CloudInstance c = instances.get(cloudId);
        instances.put(cloudId, new CloudInstance(c.cloudId(), state, "set by the test", c.tags(), c.publicHost(),
                c.privateHost(), c.sshPort(), c.sshUser(), c.image(), c.flavor(), c.launchedAt()));
    }

    public synchronized void forget(String cloudId) {
        instances.remove(cloudId);
    }

    public synchronized List<String> terminated() {
        return new ArrayList<>(terminated);
    }

    @Override
    public synchronized List<CloudInstance> describe(Map<String, String> tagFilter) {
        failIfDown();
        return instances.values().stream().filter(c -> c.tags().entrySet().containsAll(tagFilter.entrySet())).toList();
    }

    @Override
    public synchronized List<CloudInstance> describeIds(Collection<String> cloudIds) {
        failIfDown();
        return cloudIds.stream().map(instances::get).filter(c -> c != null).toList();
    }

    private void failIfDown() {
        if (down) {
            throw new CloudException("the fake cloud is down");
        }
    }

    @Override
    public synchronized void tag(String cloudId, Map<String, String> tags) {
        RuntimeException failure = tagFailures.get(cloudId);
        if (failure != null) {
            throw failure;
        }
        CloudInstance c = instances.get(cloudId);
        Map<String, String> all = new HashMap<>(c.tags());
        all.putAll(tags);
        instances.put(cloudId, new CloudInstance(c.cloudId(), c.state(), c.stateReason(), all, c.publicHost(),
                c.privateHost(), c.sshPort(), c.sshUser(), c.image(), c.flavor(), c.launchedAt()));
    }

    @Override
    public synchronized void terminate(Collection<String> cloudIds) {
        if (terminateFails) {
            throw new CloudException("the fake cloud refuses to terminate");
        }
        for (String id : cloudIds) {
            terminated.add(id);
            if (instances.containsKey(id)) {
                set(id, InstanceState.TERMINATED);
            }
        }
    }

    @Override
    public void stop(Collection<String> cloudIds) {
        cloudIds.forEach(id -> set(id, InstanceState.STOPPED));
    }

    @Override
    public void start(Collection<String> cloudIds) {
        cloudIds.forEach(id -> set(id, InstanceState.RUNNING));
    }

    @Override
    public String consoleOutput(String cloudId) {
        return "";
    }
}
