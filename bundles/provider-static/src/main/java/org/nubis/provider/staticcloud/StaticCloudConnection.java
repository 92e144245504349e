package org.nubis.provider.staticcloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CloudConnection} onto machines that already exist. Launching claims free hosts,
 * terminating releases them; only claimed hosts are instances. Every change is written to the
 * claim file before it is visible, and all methods hold the connection's lock.
 */
class StaticCloudConnection implements CloudConnection {

    static final String IMAGE = "static";
    static final String FLAVOR = "static";

    private static final Logger LOG = LoggerFactory.getLogger(StaticCloudConnection.class);

    private final String cloudName;
    private final Map<String, StaticHost> hosts = new LinkedHashMap<>();
    private final ClaimStore store;
    private Map<String, ClaimStore.Claim> claims;
    private boolean warnedUserData;
    private boolean warnedKeys;

    StaticCloudConnection(String cloudName, List<StaticHost> hosts, ClaimStore store) {
        this.cloudName = cloudName;
        hosts.forEach(h -> this.hosts.put(h.id(), h));
        this.store = store;
        this.claims = store.load();
        claims.keySet().stream().filter(id -> !this.hosts.containsKey(id)).forEach(id -> LOG.warn(
                "cloud '{}': claimed host {} is no longer listed; it stays an instance until it is terminated", cloudName, id));
    }

    @Override
    public CloudCatalog catalog() {
        return new CloudCatalog(List.of(IMAGE), List.of(FLAVOR), IMAGE, FLAVOR, hosts.size());
    }

    @Override
    public synchronized List<CloudInstance> launch(LaunchSpec spec) {
        if (spec.count() < 1) {
            throw new InvalidRequestException("cloud '" + cloudName + "': count must be at least 1, not " + spec.count());
        }
        if (spec.image() != null && !spec.image().equals(IMAGE)) {
            throw new InvalidRequestException("cloud '" + cloudName + "': no image '" + spec.image() + "'; static hosts have only image '" + IMAGE + "'");
        }
        if (spec.flavor() != null && !spec.flavor().equals(FLAVOR)) {
            throw new InvalidRequestException("cloud '" + cloudName + "': no flavor '" + spec.flavor() + "'; static hosts have only flavor '" + FLAVOR + "'");
        }
        List<StaticHost> free = hosts.values().stream().filter(h -> !claims.containsKey(h.id())).toList();
        if (free.size() < spec.count()) {
            throw new CloudException("cloud '" + cloudName + "': " + spec.count() + " host(s) asked for but only " + free.size()
                    + " of " + hosts.size() + " free; add hosts to the cloud's 'hosts' or 'hostsFile' setting, or terminate instances to release theirs");
        }
        if (spec.userData() != null && !spec.userData().isBlank() && !warnedUserData) {
            warnedUserData = true;
            LOG.warn("cloud '{}': user data is not run on static hosts; prepare them with a setup step instead", cloudName);
        }
        if (!spec.publicKeys().isEmpty() && !warnedKeys) {
            warnedKeys = true;
            LOG.info("cloud '{}': public keys are not installed on static hosts; they must already be in the hosts' authorized_keys", cloudName);
        }
        Instant now = Instant.now();
        Map<String, ClaimStore.Claim> next = new LinkedHashMap<>(claims);
        List<ClaimStore.Claim> claimed = new ArrayList<>();
        for (StaticHost h : free.subList(0, spec.count())) {
            ClaimStore.Claim c = new ClaimStore.Claim(h.id(), h.host(), h.port(), h.user(), now, spec.tags());
            next.put(c.id(), c);
            claimed.add(c);
        }
        commit(next);
        return claimed.stream().map(this::instance).toList();
    }

    @Override
    public synchronized List<CloudInstance> describe(Map<String, String> tagFilter) {
        return claims.values().stream()
                .filter(c -> tagFilter.entrySet().stream().allMatch(f -> Objects.equals(c.tags().get(f.getKey()), f.getValue())))
                .map(this::instance).toList();
    }

    @Override
    public synchronized List<CloudInstance> describeIds(Collection<String> cloudIds) {
        return new LinkedHashSet<>(cloudIds).stream().map(claims::get).filter(Objects::nonNull).map(this::instance).toList();
    }

    @Override
    public synchronized void tag(String cloudId, Map<String, String> tags) {
        ClaimStore.Claim c = claims.get(cloudId);
        if (c == null) {
            throw new NotFoundException("cloud '" + cloudName + "': no claimed host '" + cloudId + "'");
        }
        Map<String, String> merged = new LinkedHashMap<>(c.tags());
        merged.putAll(tags);
        Map<String, ClaimStore.Claim> next = new LinkedHashMap<>(claims);
        next.put(cloudId, c.withTags(merged));
        commit(next);
    }

    @Override
    public synchronized void terminate(Collection<String> cloudIds) {
        List<String> released = new LinkedHashSet<>(cloudIds).stream().filter(claims::containsKey).toList();
        if (!released.isEmpty()) {
            Map<String, ClaimStore.Claim> next = new LinkedHashMap<>(claims);
            next.keySet().removeAll(released);
            commit(next);
            LOG.info("cloud '{}': released {}", cloudName, released);
        }
    }

    @Override
    public void stop(Collection<String> cloudIds) {
        throw notOurs();
    }

    @Override
    public void start(Collection<String> cloudIds) {
        throw notOurs();
    }

    @Override
    public String consoleOutput(String cloudId) {
        return "";
    }

    private static InvalidRequestException notOurs() {
        return new InvalidRequestException("static hosts cannot be stopped or started: they are not Nubis's");
    }

    /** Writes first, then shows: a failed write changes nothing. */
    private void commit(Map<String, ClaimStore.Claim> next) {
        store.save(next.values());
        claims = next;
    }

    private CloudInstance instance(ClaimStore.Claim c) {
        StaticHost listed = hosts.get(c.id());
        String host = listed != null ? listed.host() : c.host();
        int port = listed != null ? listed.port() : c.port();
        String user = listed != null ? listed.user() : c.user();
        return new CloudInstance(c.id(), InstanceState.RUNNING, listed == null ? "no longer listed in the cloud's hosts" : null,
                c.tags(), host, host, port, user, IMAGE, FLAVOR, c.claimedAt());
    }
}
