package org.nubis.shell.fakes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.ProviderInfo;

/** Configured clouds, each reporting the instances the test gives it; the first one is the default. */
public final class FakeCloudRegistry implements CloudRegistry {

    private final Map<String, List<CloudInstance>> clouds = new LinkedHashMap<>();
    public final List<ProviderInfo> providers = new ArrayList<>();
    /** Filters the clouds were described with, in order. */
    public final List<Map<String, String>> describedWith = new ArrayList<>();

    public FakeCloudRegistry with(String cloud, CloudInstance... instances) {
        clouds.put(cloud, new ArrayList<>(List.of(instances)));
        return this;
    }

    public void remove(String cloud) {
        clouds.remove(cloud);
    }

    @Override
    public List<ProviderInfo> providers() {
        return providers;
    }

    /** No provider is deployed here, so there is nothing to check settings with (as in the real registry). */
    @Override
    public void check(CloudSettings settings) {
    }

    @Override
    public List<CloudInfo> clouds() {
        return clouds.keySet().stream().map(n -> new CloudInfo(n, "fake", true, "ready")).toList();
    }

    @Override
    public CloudConnection connection(String cloudName) {
        List<CloudInstance> instances = clouds.get(cloudName);
        if (instances == null) {
            throw new NotFoundException("no cloud named '" + cloudName + "'");
        }
        return new CloudConnection() {
            @Override
            public CloudCatalog catalog() {
                return new CloudCatalog(List.of("debian-12"), List.of("small"), "debian-12", "small", 10);
            }

            @Override
            public List<CloudInstance> launch(LaunchSpec spec) {
                throw new UnsupportedOperationException("the shell does not launch");
            }

            @Override
            public List<CloudInstance> describe(Map<String, String> tagFilter) {
                describedWith.add(tagFilter);
                return instances.stream().filter(i -> i.tags().entrySet().containsAll(tagFilter.entrySet())).toList();
            }

            @Override
            public List<CloudInstance> describeIds(Collection<String> cloudIds) {
                return instances.stream().filter(i -> cloudIds.contains(i.cloudId())).toList();
            }

            @Override
            public void tag(String cloudId, Map<String, String> tags) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void terminate(Collection<String> cloudIds) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void stop(Collection<String> cloudIds) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void start(Collection<String> cloudIds) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String consoleOutput(String cloudId) {
                return "";
            }
        };
    }

    @Override
    public String defaultCloud() {
        return clouds.keySet().iterator().next();
    }
}
