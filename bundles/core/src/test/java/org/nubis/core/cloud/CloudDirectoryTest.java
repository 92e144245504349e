package org.nubis.core.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInfo;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudProvider;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.LaunchSpec;

/** Clouds are usable exactly while their provider type is deployed. */
class CloudDirectoryTest {

    /** A provider type as a bundle would publish it; connections do nothing; settings with 'bad' are refused. */
    private record TypeOnlyProvider(String type) implements CloudProvider {
        @Override
        public String description() {
            return type + " test provider";
        }

        @Override
        public void check(CloudSettings settings) {
            if (settings.properties().containsKey("bad")) {
                throw new InvalidRequestException("cloud '" + settings.name() + "': bad is bad");
            }
        }

        @Override
        public CloudConnection connect(CloudSettings settings) {
            return new CloudConnection() {
                @Override
                public CloudCatalog catalog() {
                    return new CloudCatalog(List.of("i"), List.of("f"), "i", "f", 1);
                }

                @Override
                public List<CloudInstance> launch(LaunchSpec spec) {
                    return List.of();
                }

                @Override
                public List<CloudInstance> describe(Map<String, String> tagFilter) {
                    return List.of();
                }

                @Override
                public List<CloudInstance> describeIds(Collection<String> cloudIds) {
                    return List.of();
                }

                @Override
                public void tag(String cloudId, Map<String, String> tags) {
                }

                @Override
                public void terminate(Collection<String> cloudIds) {
                }

                @Override
                public void stop(Collection<String> cloudIds) {
                }

                @Override
                public void start(Collection<String> cloudIds) {
                }

                @Override
                public String consoleOutput(String cloudId) {
                    return "";
                }
            };
        }
    }

    private static CloudDefinition definition(String name, String type) {
        return new CloudDefinition(new CloudSettings(name, type, Map.of("name", name, "type", type)));
    }

    @Test
    void aCloudIsAvailableOnlyWhileItsProviderIsDeployed() {
        CloudDirectory directory = new CloudDirectory();
        directory.bindDefinition(definition("lab", "ec2"));
        CloudInfo lab = directory.clouds().get(0);
        assertFalse(lab.available());
        assertEquals("provider type 'ec2' is not deployed", lab.status());
        NotFoundException missing = assertThrows(NotFoundException.class, () -> directory.connection("lab"));
        assertEquals("cloud 'lab' needs provider type 'ec2', which is not deployed; deployed types: none", missing.getMessage());

        TypeOnlyProvider ec2 = new TypeOnlyProvider("ec2");
        directory.addProvider(ec2, "test-bundle");
        assertTrue(directory.clouds().get(0).available());
        CloudConnection first = directory.connection("lab");
        assertSame(first, directory.connection("lab"), "connections are reused");
        assertEquals("test-bundle", directory.providers().get(0).bundle());

        directory.unbindProvider(ec2);
        assertThrows(NotFoundException.class, () -> directory.connection("lab"));
        directory.addProvider(new TypeOnlyProvider("ec2"), "test-bundle");
        assertNotSame(first, directory.connection("lab"), "a redeployed provider gets new connections");
    }

    @Test
    void aCloudWhoseSettingsItsProviderRefusesIsNotShownAsReady() {
        CloudDirectory directory = new CloudDirectory();
        directory.bindDefinition(new CloudDefinition(new CloudSettings("lab", "ec2", Map.of("bad", "yes"))));
        CloudSettings bad = new CloudSettings("lab", "ec2", Map.of("bad", "yes"));
        directory.check(bad); // no provider of the type: nothing to check with
        directory.addProvider(new TypeOnlyProvider("ec2"), "test-bundle");

        CloudInfo lab = directory.clouds().get(0);
        assertFalse(lab.available());
        assertEquals("cloud 'lab': bad is bad", lab.status());
        assertThrows(InvalidRequestException.class, () -> directory.check(bad));
        directory.check(new CloudSettings("lab", "ec2", Map.of("good", "yes")));
    }

    @Test
    void unknownCloudsAreNamedWithTheConfiguredOnes() {
        CloudDirectory directory = new CloudDirectory();
        directory.bindDefinition(definition("b", "local"));
        directory.bindDefinition(definition("a", "local"));
        NotFoundException e = assertThrows(NotFoundException.class, () -> directory.connection("zzz"));
        assertEquals("no cloud named 'zzz'; configured clouds: a, b", e.getMessage());
        assertEquals(List.of("a", "b"), directory.clouds().stream().map(CloudInfo::name).toList());
    }

    @Test
    void aCloudIsNamedByItsFileWhenItsConfigurationHasNoName() {
        CloudSettings s = CloudDefinition.fromProperties(Map.of("type", "local", "service.pid", "org.nubis.cloud.xyz",
                "felix.fileinstall.filename", "file:/opt/nubis/etc/org.nubis.cloud-lab2.cfg", "home", "/data"));
        assertEquals("lab2", s.name());
        assertEquals(Map.of("type", "local", "home", "/data"), s.properties());
        assertEquals("named", CloudDefinition.fromProperties(Map.of("name", "named", "type", "local")).name());
    }
}
