package org.nubis.core.cloud;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.NubisException;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudProvider;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.ProviderInfo;
import org.nubis.core.Echo;
import org.nubis.core.CoreConfig;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Joins configured clouds with the provider types deployed right now. Providers are tracked
 * dynamically, so a provider bundle dropped into deploy/ is usable at once, and one that is
 * removed takes its connections with it.
 */
// Also published as CloudDirectory, a type private to core: CloudConfigAdmin waits on it for an update to apply.
@Component(service = {CloudRegistry.class, CloudDirectory.class}, configurationPid = "org.nubis.core")
public class CloudDirectory implements CloudRegistry {

    private final List<DeployedProvider> providers = new CopyOnWriteArrayList<>();
    private final List<CloudDefinition> definitions = new CopyOnWriteArrayList<>();
    /** Open connections by cloud name, with what they were opened from. */
    private final Map<String, OpenConnection> connections = new ConcurrentHashMap<>();
    private volatile String defaultCloud = "local";

    private record DeployedProvider(CloudProvider provider, String bundle) {
    }

    private record OpenConnection(CloudProvider provider, CloudSettings settings, CloudConnection connection) {
    }

    @Activate
    @Modified
    void configure(CoreConfig config) {
        defaultCloud = config.defaultCloud().isBlank() ? "local" : config.defaultCloud().trim();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindProvider(CloudProvider provider, ServiceReference<CloudProvider> ref) {
        addProvider(provider, ref.getBundle().getSymbolicName());
    }

    void addProvider(CloudProvider provider, String bundle) {
        providers.add(new DeployedProvider(provider, bundle));
    }

    void unbindProvider(CloudProvider provider) {
        providers.removeIf(p -> p.provider() == provider);
        connections.values().removeIf(c -> c.provider() == provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDefinition(CloudDefinition definition) {
        definitions.add(definition);
    }

    void unbindDefinition(CloudDefinition definition) {
        definitions.remove(definition);
        connections.remove(definition.settings().name());
    }

    /** What is wrong with the settings, as their provider says, or null. */
    private static String checked(CloudProvider provider, CloudSettings settings) {
        try {
            provider.check(settings);
            return null;
        } catch (NubisException e) {
            return e.getMessage();
        }
    }

    /** The settings of the named cloud as its definition has them now (secrets opened), or null. */
    CloudSettings settingsOf(String cloudName) {
        return definitions.stream().map(CloudDefinition::settings).filter(d -> d.name().equals(cloudName)).findFirst().orElse(null);
    }

    @Override
    public void check(CloudSettings settings) {
        CloudProvider provider = provider(settings.type());
        if (provider != null) {
            provider.check(settings);
        }
    }

    @Override
    public List<ProviderInfo> providers() {
        return providers.stream()
                .map(p -> new ProviderInfo(p.provider().type(), p.provider().description(), p.bundle()))
                .sorted(Comparator.comparing(ProviderInfo::type))
                .toList();
    }

    @Override
    public List<CloudInfo> clouds() {
        List<CloudInfo> list = new ArrayList<>();
        for (CloudDefinition d : definitions) {
            CloudSettings s = d.settings();
            CloudProvider provider = provider(s.type());
            String problem = provider == null ? "provider type '" + s.type() + "' is not deployed"
                    : d.problem() != null ? d.problem() : checked(provider, s);
            list.add(new CloudInfo(s.name(), s.type(), problem == null, problem == null ? "ready" : problem));
        }
        list.sort(Comparator.comparing(CloudInfo::name));
        return list;
    }

    @Override
    public CloudConnection connection(String cloudName) {
        CloudDefinition definition = definitions.stream()
                .filter(d -> d.settings().name().equals(cloudName)).findFirst()
                .orElseThrow(() -> new NotFoundException("no cloud named '" + Echo.of(cloudName) + "'; configured clouds: "
                        + namesOrNone(definitions.stream().map(d -> d.settings().name()).sorted().toList())));
        if (definition.problem() != null) {
            throw new InvalidRequestException("cloud '" + cloudName + "' cannot be used: " + definition.problem());
        }
        CloudSettings settings = definition.settings();
        CloudProvider provider = provider(settings.type());
        if (provider == null) {
            throw new NotFoundException("cloud '" + cloudName + "' needs provider type '" + settings.type()
                    + "', which is not deployed; deployed types: "
                    + namesOrNone(providers.stream().map(p -> p.provider().type()).sorted().toList()));
        }
        // Atomic per cloud: two callers at once must share one connection (a local cloud, say, is
        // started by the first one that needs it, not by both).
        return connections.compute(cloudName, (name, open) ->
                open != null && open.provider() == provider && Objects.equals(open.settings(), settings)
                        ? open : new OpenConnection(provider, settings, provider.connect(settings))).connection();
    }

    @Override
    public String defaultCloud() {
        return defaultCloud;
    }

    private CloudProvider provider(String type) {
        return providers.stream().map(DeployedProvider::provider).filter(p -> p.type().equals(type))
                .findFirst().orElse(null);
    }

    private static String namesOrNone(List<String> names) {
        return names.isEmpty() ? "none" : names.stream().collect(Collectors.joining(", "));
    }
}
