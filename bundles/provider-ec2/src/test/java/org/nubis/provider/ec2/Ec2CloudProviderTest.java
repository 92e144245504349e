package org.nubis.provider.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudSettings;
import org.nubis.api.cloud.SupportResources;

/** Connecting checks settings and builds the SDK client without calling the cloud. */
class Ec2CloudProviderTest {

    private final Ec2CloudProvider provider = new Ec2CloudProvider();

    @Test
    void itIsTheEc2Type() {
        assertEquals("ec2", provider.type());
        assertFalse(provider.description().contains("\n"));
    }

    @Test
    void connectingBuildsTheClientWhateverTheContextClassLoader() {
        // Inside OSGi the caller's context class loader sees none of the SDK: the client must not need it.
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        ClassLoader empty = new URLClassLoader(new URL[0], null);
        t.setContextClassLoader(empty);
        try {
            CloudConnection c = provider.connect(new CloudSettings("lab", "ec2", Map.of("region", "us-east-1",
                    "endpoint", "http://127.0.0.1:9", "accessKeyId", "AKIDEXAMPLE", "secretAccessKey", "wJalrXUtnFEMI")));
            assertInstanceOf(SupportResources.class, c);
            assertSame(empty, t.getContextClassLoader(), "the caller's context class loader is put back");
            assertFalse(c.toString().contains("wJalrXUtnFEMI"));
        } finally {
            t.setContextClassLoader(before);
            provider.deactivate();
        }
    }

    @Test
    void badSettingsFailTheConnect(@TempDir Path dir) throws Exception {
        assertThrows(InvalidRequestException.class, () -> provider.connect(new CloudSettings("x", "ec2", Map.of())));
        Path file = Files.writeString(dir.resolve("credentials"), "[other]\naws_access_key_id = A\naws_secret_access_key = B\n");
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> provider.connect(new CloudSettings(
                "x", "ec2", Map.of("region", "eu-west-1", "profile", "lab", "credentialsFile", file.toString()))));
        assertTrue(e.getMessage().contains("profile 'lab' is not in " + file), e.getMessage());
    }

    @Test
    void aCloudThatDoesNotAnswerStillHasACatalogOfItsSettings() {
        Ec2CloudConnection c = (Ec2CloudConnection) provider.connect(new CloudSettings("lab", "ec2", Map.of(
                "region", "us-east-1", "endpoint", "http://127.0.0.1:9", "accessKeyId", "AKIDEXAMPLE",
                "secretAccessKey", "wJalrXUtnFEMI", "image", "ami-1", "instanceType", "t3.small",
                "maxAttempts", "1", "requestTimeoutSeconds", "2", "maxLaunchCount", "20")));
        try {
            CloudCatalog catalog = c.catalog();
            assertEquals(List.of("ami-1"), catalog.images());
            assertEquals("t3.small", catalog.flavors().get(0));
            assertEquals(1, catalog.flavors().stream().filter("t3.small"::equals).count());
            assertEquals("ami-1", catalog.defaultImage());
            assertEquals("t3.small", catalog.defaultFlavor());
            assertEquals(20, catalog.maxLaunchCount());
        } finally {
            provider.deactivate();
        }
    }
}
