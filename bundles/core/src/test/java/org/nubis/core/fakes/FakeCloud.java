package org.nubis.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nubis.api.CloudException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;

/**
 * A cloud in memory: instances launched run at once on 127.0.0.1, one port each. It records what
 * it was asked, can run a check at the moment of a launch, and can be made to fail.
 */
public final class FakeCloud implements CloudConnection {

    private final Map<String, CloudInstance> instances = new LinkedHashMap<>();
    private final List<String> terminated = new ArrayList<>();
    private int next = 1;
    /** When set, describe calls fail as an unreachable cloud does. */
    public volatile boolean down;
    /** Called with each launch spec before anything is created. */
    public volatile Consumer<LaunchSpec> onLaunch = spec -> { };

    @Override
    public CloudCatalog catalog() {
        return new CloudCatalog(List.of("img"), List.of("small"), "img", "small", 100);
    }

    @Override
    public synchronized List<CloudInstance> launch(LaunchSpec spec) {
        onLaunch.accept(spec);
        List<CloudInstance> launched = new ArrayList<>();
        for (int i = 0; i < spec.count(); i++) {
            launched.add(add(InstanceState.RUNNING, spec.tags()));
        }
        return launched;
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
        CloudInstance c = instances.get(cloudId);
        Map<String, String> all = new HashMap<>(c.tags());
        all.putAll(tags);
        instances.put(cloudId, new CloudInstance(c.cloudId(), c.state(), c.stateReason(), all, c.publicHost(),
                c.privateHost(), c.sshPort(), c.sshUser(), c.image(), c.flavor(), c.launchedAt()));
    }

    @Override
    public synchronized void terminate(Collection<String> cloudIds) {
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
