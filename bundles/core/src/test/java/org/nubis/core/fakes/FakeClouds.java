package org.nubis.core.fakes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.ProviderInfo;

/** A registry of fake clouds by name; the first one is the default. */
public final class FakeClouds implements CloudRegistry {

    private final Map<String, FakeCloud> clouds = new LinkedHashMap<>();

    public FakeClouds(String... names) {
        for (String name : names) {
            clouds.put(name, new FakeCloud());
        }
    }

    public FakeCloud get(String name) {
        return clouds.get(name);
    }

    @Override
    public List<ProviderInfo> providers() {
        return List.of();
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
        FakeCloud c = clouds.get(cloudName);
        if (c == null) {
            throw new NotFoundException("no cloud named '" + cloudName + "'");
        }
        return c;
    }

    @Override
    public String defaultCloud() {
        return clouds.keySet().iterator().next();
    }
}
