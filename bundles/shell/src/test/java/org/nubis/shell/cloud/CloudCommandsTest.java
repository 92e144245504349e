package org.nubis.shell.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cloud.ProviderInfo;
import org.nubis.shell.fakes.FakeCloudRegistry;
import org.nubis.shell.fakes.Samples;
import org.nubis.shell.fakes.SystemOut;

class CloudCommandsTest {

    @RegisterExtension
    final SystemOut out = new SystemOut();

    private final FakeCloudRegistry clouds = new FakeCloudRegistry()
            .with("local",
                    Samples.cloudInstance("i-1", InstanceState.RUNNING, "127.0.0.1", 2201,
                            Map.of(NubisTags.OWNER, "me@lab", NubisTags.EXPERIMENT, "demo")),
                    Samples.cloudInstance("i-2", InstanceState.TERMINATED, "127.0.0.1", 2202, Map.of(NubisTags.OWNER, "me@lab")),
                    Samples.cloudInstance("i-3", InstanceState.PENDING, null, 0, Map.of()))
            .with("lab", Samples.cloudInstance("i-9", InstanceState.STOPPED, "10.9.9.9", 22, Map.of()));

    private InstancesCommand instances(String cloud) {
        InstancesCommand c = new InstancesCommand();
        c.clouds = clouds;
        c.cloud = cloud;
        return c;
    }

    @Test
    void instancesAsJsonAreTheCloudsRecordsLeavingTerminatedOnesOut() throws Exception {
        InstancesCommand c = instances(null);
        c.json = true;
        c.execute();

        JsonNode shown = new ObjectMapper().readTree(out.text());
        assertEquals(2, shown.size());
        JsonNode first = shown.get(0);
        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("cloudId", "state", "stateReason", "tags", "publicHost", "privateHost", "sshPort", "sshUser", "image",
                "flavor", "launchedAt"), fields);
        assertEquals("i-1", first.get("cloudId").asText());
        assertEquals("running", first.get("state").asText());
        assertEquals("demo", first.get("tags").get(NubisTags.EXPERIMENT).asText());
        assertEquals("pending", shown.get(1).get("state").asText());
        assertTrue(shown.get(1).get("publicHost").isNull());
        assertEquals(List.of(Map.of()), clouds.describedWith, "every instance of the cloud, whoever made it");
    }

    @Test
    void instancesWithAllIncludeTerminatedOnesAndTheTableNamesOwners() throws Exception {
        InstancesCommand c = instances("local");
        c.all = true;
        c.noFormat = true;
        c.execute();

        List<String> lines = out.text().lines().map(l -> l.replaceAll(" *\t *", "\t").strip()).toList();
        assertEquals(List.of("i-1\trunning\t127.0.0.1\t2201\tdemo\tme@lab", "i-2\tterminated\t127.0.0.1\t2202\t-\tme@lab",
                "i-3\tpending\t-\t-\t-\t-", "3 instance(s) on cloud 'local'."), lines);
    }

    @Test
    void instancesOfANamedCloud() throws Exception {
        InstancesCommand c = instances("lab");
        c.noFormat = true;
        c.execute();
        assertTrue(out.text().startsWith("i-9"), out.text());
        assertTrue(out.text().endsWith("1 instance(s) on cloud 'lab' (not terminated).\n"), out.text());
        assertThrows(NotFoundException.class, () -> instances("nowhere").execute());
    }

    @Test
    void cloudsListMarksTheDefaultAndProvidersTheirBundles() throws Exception {
        ListCloudsCommand list = new ListCloudsCommand();
        list.clouds = clouds;
        list.noFormat = true;
        list.execute();
        assertEquals("local\tfake\t*\tready\nlab\tfake\t\tready\n", out.text().replaceAll(" *\t *", "\t").replaceAll(" +\n", "\n"));

        out.clear();
        clouds.providers.add(new ProviderInfo("local", "Local cloud of containers", "nubis-provider-local"));
        ProvidersCommand providers = new ProvidersCommand();
        providers.clouds = clouds;
        providers.json = true;
        providers.execute();
        JsonNode shown = new ObjectMapper().readTree(out.text());
        assertEquals("nubis-provider-local", shown.get(0).get("bundle").asText());
        assertFalse(out.text().contains("\t"));
    }
}
