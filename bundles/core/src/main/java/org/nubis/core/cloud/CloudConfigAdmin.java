package org.nubis.core.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nubis.api.ConflictException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.NubisException;
import org.nubis.api.auth.SecretBox;
import org.nubis.api.cloud.CloudConfigurations;
import org.nubis.api.cloud.CloudDetails;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.SupportResources;
import org.nubis.api.cloud.SupportResources.SupportResource;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.experiment.ExperimentService;
import org.apache.karaf.config.core.ConfigRepository;
import org.nubis.core.Echo;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clouds defined at run time: each one a factory configuration of {@code org.nubis.cloud}, made
 * through Karaf's config repository so that Karaf writes it to {@code etc/org.nubis.cloud-NAME.cfg}
 * (as {@code config:edit --alias} does): it survives restarts and can be edited like a hand-written one. Credentials are sealed before they reach ConfigAdmin, so the
 * file, ConfigAdmin's store and its events only ever see ciphertext.
 */
@Component(service = CloudConfigurations.class)
public class CloudConfigAdmin implements CloudConfigurations {

    static final String FACTORY_PID = "org.nubis.cloud";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,127}");
    /** Plain settings whose names say they are secrets are not shown either. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|passphrase|token|credential|privatekey).*");
    private static final Set<String> RESERVED = Set.of("name", "type");
    private static final Logger LOG = LoggerFactory.getLogger(CloudConfigAdmin.class);

    private final ConfigRepository repository;
    private final ConfigurationAdmin configAdmin;
    private final SecretBox secrets;
    /** Null outside Karaf (tests). */
    private final CloudFiles files;
    private final CloudDirectory registry;
    private final ExperimentService experiments;
    private final ClusterService clusters;

    @Activate
    public CloudConfigAdmin(@Reference ConfigRepository repository, @Reference SecretBox secrets,
                            @Reference CloudDirectory registry, @Reference ExperimentService experiments,
                            @Reference ClusterService clusters) {
        this.repository = repository;
        this.configAdmin = repository.getConfigAdmin();
        this.secrets = secrets;
        this.registry = registry;
        this.experiments = experiments;
        this.clusters = clusters;
        this.files = CloudFiles.ofKaraf();
        if (files != null) {
            files.restrictAll();
        }
    }

    @Override
    public List<CloudDetails> clouds() {
        List<CloudDetails> out = new ArrayList<>();
        for (Configuration c : configurations()) {
            out.add(details(c));
        }
        out.sort(Comparator.comparing(CloudDetails::name));
        return out;
    }

    @Override
    public CloudDetails cloud(String name) {
        return details(find(name).orElseThrow(() -> notFound(name)));
    }

    @Override
    public synchronized boolean define(String name, String type, Map<String, String> settings,
                                       Map<String, String> credentials) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("a cloud name is lower-case letters, digits and '-', starting with a letter "
                    + "(at most 63), not '" + name + "'");
        }
        if (type == null || !NAME.matcher(type).matches()) {
            throw new InvalidRequestException("cloud '" + name + "' needs a provider type such as local or ec2; "
                    + "the deployed types are listed at GET /providers");
        }
        Map<String, String> given = settings == null ? Map.of() : settings;
        Map<String, String> secret = new TreeMap<>();
        if (credentials != null) {
            secret.putAll(credentials);
        }
        check(given.keySet(), "setting");
        check(secret.keySet(), "credential");
        Map<String, String> plain = new TreeMap<>();
        for (String k : given.keySet()) {
            if (secret.containsKey(k)) {
                throw new InvalidRequestException("'" + Echo.of(k) + "' is given both as a setting and as a credential; give it once");
            }
            if (given.get(k) == null) {
                throw new InvalidRequestException("setting '" + k + "' has no value; leave it out instead");
            }
            // A secret sent as a setting is sealed all the same: it was written in clear before.
            (SECRET_NAME.matcher(k).matches() ? secret : plain).put(k, given.get(k));
        }
        var existing = find(name);
        Map<String, Object> props = new TreeMap<>();
        // keep the sealed credentials that were not named again
        existing.ifPresent(c -> Collections.list(c.getProperties().keys()).forEach(k -> {
            Object v = c.getProperties().get(k);
            if (v instanceof String s && secrets.isSealed(s) && !plain.containsKey(k) && !secret.containsKey(k)) {
                props.put(k, s);
            }
        }));
        plain.forEach(props::put);
        secret.forEach((k, v) -> {
            if (v != null) {
                props.put(k, secrets.seal(v));
            }
        });
        props.put("name", name);
        props.put("type", type);
        // refused now, rather than saved and shown as not usable (or worse, as ready)
        CloudSettings defined = CloudDefinition.fromProperties(new TreeMap<String, Object>(opened(props)));
        registry.check(defined);
        try {
            if (existing.isPresent()) {
                Object file = existing.get().getProperties().get("felix.fileinstall.filename");
                if (file != null) {
                    props.put("felix.fileinstall.filename", file);
                }
                repository.update(existing.get().getPid(), props);
            } else {
                repository.createFactoryConfiguration(FACTORY_PID, name, props);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save cloud '" + name + "'", e);
        }
        if (files != null) {
            files.restrict(name);
        }
        awaitApplied(defined);
        return existing.isEmpty();
    }

    /** The values as the provider will see them: sealed ones opened (one that does not open is left empty). */
    private Map<String, String> opened(Map<String, Object> props) {
        Map<String, String> open = new TreeMap<>();
        props.forEach((k, v) -> {
            String value = String.valueOf(v);
            if (secrets.isSealed(value)) {
                try {
                    value = secrets.open(value);
                } catch (NubisException e) {
                    value = "";
                }
            }
            open.put(k, value);
        });
        return open;
    }

    @Override
    public synchronized void remove(String name) {
        Configuration c = find(name).orElseThrow(() -> notFound(name));
        List<String> users = usersOf(name);
        if (!users.isEmpty()) {
            throw new ConflictException("cloud '" + name + "' still has instances of " + String.join(", ", users)
                    + "; deprovision or delete them first");
        }
        releaseSupportResources(name);
        try {
            repository.delete(c.getPid());
        } catch (Exception e) {
            throw new IllegalStateException("could not remove cloud '" + name + "'", e);
        }
        awaitRegistry(name, false);
    }

    /**
     * Deletes the key pairs and security groups Nubis made on the cloud, before its settings (which
     * name them) are forgotten: afterwards nothing would account for them. Best effort: what cannot
     * be deleted now (the cloud does not answer, an instance unknown to Nubis still uses it) is named
     * in the log, so that it can be deleted by hand.
     */
    private void releaseSupportResources(String name) {
        List<SupportResource> left;
        try {
            if (!(registry.connection(name) instanceof SupportResources support)) {
                return;
            }
            support.removeUnusedSupportResources()
                    .forEach(r -> LOG.info("Cloud '{}' removed: deleted its {} {}", name, r.kind(), r.name()));
            left = support.supportResources();
        } catch (RuntimeException e) { // NubisException included
            LOG.warn("Cloud '{}' removed without deleting the key pairs and security groups Nubis made there"
                    + " (delete them by hand if there are any): {}", name, e.getMessage());
            return;
        }
        left.forEach(r -> LOG.warn("Cloud '{}' removed: its {} {} ({}) is still {}; delete it by hand", name, r.kind(),
                r.name(), r.id(), r.inUse() ? "in use by an instance Nubis does not know (see cloud:reconcile)" : "there"));
    }

    /** Experiments and clusters that still have live instances on the cloud. */
    private List<String> usersOf(String cloud) {
        List<String> users = new ArrayList<>();
        experiments.experiments().forEach(e -> {
            if (experiments.list(e.name(), Set.of()).stream()
                    .anyMatch(i -> cloud.equals(i.cloud()) && i.state() != InstanceState.TERMINATED)) {
                users.add("experiment " + e.name());
            }
        });
        clusters.clusters().forEach(c -> {
            if (clusters.nodes(c.name()).stream()
                    .anyMatch(n -> cloud.equals(n.cloud()) && n.state() != InstanceState.TERMINATED)) {
                users.add("cluster " + c.name());
            }
        });
        return users;
    }

    private CloudDetails details(Configuration c) {
        Map<String, Object> raw = new TreeMap<>();
        Collections.list(c.getProperties().keys()).forEach(k -> raw.put(k, c.getProperties().get(k)));
        var s = CloudDefinition.fromProperties(raw);
        Map<String, String> shown = new TreeMap<>();
        SortedSet<String> hidden = new TreeSet<>();
        s.properties().forEach((k, v) -> {
            if (RESERVED.contains(k)) {
                return;
            }
            if (secrets.isSealed(v) || SECRET_NAME.matcher(k).matches()) {
                hidden.add(k);
            } else {
                shown.put(k, v);
            }
        });
        CloudInfo info = registry.clouds().stream().filter(i -> i.name().equals(s.name())).findFirst()
                .orElse(new CloudInfo(s.name(), s.type(), false, "starting"));
        return new CloudDetails(s.name(), s.type(), info.available(), info.status(), shown, hidden);
    }

    private java.util.Optional<Configuration> find(String name) {
        return configurations().stream().filter(c -> {
            Map<String, Object> raw = new TreeMap<>();
            Collections.list(c.getProperties().keys()).forEach(k -> raw.put(k, c.getProperties().get(k)));
            return name.equals(CloudDefinition.fromProperties(raw).name());
        }).findFirst();
    }

    private List<Configuration> configurations() {
        try {
            Configuration[] all = configAdmin.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
            return all == null ? List.of() : List.of(all);
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list cloud configurations", e);
        }
    }

    private static void check(Set<String> keys, String what) {
        for (String k : keys) {
            if (k == null || !KEY.matcher(k).matches() || RESERVED.contains(k) || k.startsWith("service.")
                    || k.startsWith("felix.") || k.startsWith("component.")) {
                throw new InvalidRequestException("'" + Echo.of(k) + "' cannot be a " + what + " name: use letters, digits, '.', '_' "
                        + "or '-', starting with a letter (name and type are given apart)");
            }
        }
    }

    /** Declarative Services applies configurations asynchronously: wait a little for it, so a define is usable at once. */
    /**
     * Declarative Services applies a configuration asynchronously: wait a little for the cloud to
     * have these settings, so that what follows a define (a reconcile at the new endpoint, say) uses them.
     */
    private void awaitApplied(CloudSettings defined) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && !defined.equals(registry.settingsOf(defined.name()))) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitRegistry(String name, boolean present) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline
                && registry.clouds().stream().anyMatch(i -> i.name().equals(name)) != present) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no cloud named '" + Echo.of(name) + "'; GET /clouds lists them");
    }
}
