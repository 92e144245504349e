package org.nubis.provider.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.cloud.CloudSettings;

class Ec2SettingsTest {

    private static CloudSettings settings(String... keysAndValues) {
        Map<String, String> m = new HashMap<>();
        m.put("name", "aws");
        m.put("type", "ec2");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new CloudSettings("aws", "ec2", m);
    }

    private static InvalidRequestException refused(String... keysAndValues) {
        return assertThrows(InvalidRequestException.class, () -> Ec2Settings.parse(settings(keysAndValues)));
    }

    @Test
    void onlyTheRegionIsRequiredAndEverythingElseHasItsDefault() {
        Ec2Settings s = Ec2Settings.parse(settings("region", "eu-west-1"));
        assertEquals("eu-west-1", s.region());
        assertNull(s.endpoint());
        assertInstanceOf(Ec2Settings.Credentials.DefaultChain.class, s.credentials());
        assertNull(s.image());
        assertEquals("t3.micro", s.instanceType());
        assertNull(s.subnetId());
        assertEquals("nubis", s.keyPairName());
        assertTrue(s.importKeyPair());
        assertEquals("nubis", s.securityGroup());
        assertTrue(s.createSecurityGroup());
        assertEquals("0.0.0.0/0", s.sshCidr());
        assertEquals(22, s.sshPort());
        assertEquals("ec2-user", s.sshUser());
        assertEquals("localcloud:ssh-port", s.sshPortTag());
        assertFalse(s.spot());
        assertEquals(1000, s.maxLaunchCount());
        assertEquals(100, s.launchBatchSize());
        assertEquals(8, s.maxAttempts());
        assertEquals(Duration.ofSeconds(60), s.requestTimeout());
    }

    @Test
    void everySettingIsRead() {
        Ec2Settings s = Ec2Settings.parse(settings("region", "us-east-1", "endpoint", "http://127.0.0.1:8788",
                "image", "ami-123", "instanceType", "m7i.large", "subnetId", "subnet-1", "keyPairName", "k",
                "importKeyPair", "false", "securityGroup", "g", "createSecurityGroup", "no", "sshCidr", "10.0.0.0/8",
                "sshPort", "2222", "sshUser", "ubuntu", "sshPortTag", "port", "spot", "true", "maxLaunchCount", "7",
                "maxAttempts", "3", "requestTimeoutSeconds", "5"));
        assertEquals("http://127.0.0.1:8788", s.endpoint().toString());
        assertEquals("ami-123", s.image());
        assertEquals("m7i.large", s.instanceType());
        assertEquals("subnet-1", s.subnetId());
        assertEquals("k", s.keyPairName());
        assertFalse(s.importKeyPair());
        assertEquals("g", s.securityGroup());
        assertFalse(s.createSecurityGroup());
        assertEquals("10.0.0.0/8", s.sshCidr());
        assertEquals(2222, s.sshPort());
        assertEquals("ubuntu", s.sshUser());
        assertEquals("port", s.sshPortTag());
        assertTrue(s.spot());
        assertEquals(7, s.maxLaunchCount());
        assertEquals(3, s.maxAttempts());
        assertEquals(Duration.ofSeconds(5), s.requestTimeout());
    }

    @Test
    void badSettingsAreNamedWithHowToFixThem() {
        assertTrue(refused().getMessage().contains("region is required"));
        assertTrue(refused("region", "eu west").getMessage().contains("region 'eu west'"));
        assertTrue(refused("region", "eu-west-1", "endpoint", "ec2.example.org").getMessage().contains("endpoint"));
        assertTrue(refused("region", "eu-west-1", "endpoint", "ftp://x").getMessage().contains("http(s) URL"));
        assertTrue(refused("region", "eu-west-1", "sshPort", "0").getMessage().contains("sshPort must be between 1 and 65535"));
        assertTrue(refused("region", "eu-west-1", "maxLaunchCount", "many").getMessage().contains("maxLaunchCount must be a whole number"));
        assertTrue(refused("region", "eu-west-1", "maxAttempts", "0").getMessage().contains("maxAttempts"));
        assertTrue(refused("region", "eu-west-1", "requestTimeoutSeconds", "-1").getMessage().contains("requestTimeoutSeconds"));
        assertTrue(refused("region", "eu-west-1", "spot", "maybe").getMessage().contains("spot must be true or false"));
        assertTrue(refused("region", "eu-west-1", "sshCidr", "everyone").getMessage().contains("sshCidr"));
        assertTrue(refused("region", "eu-west-1", "credentialsFile", "/x").getMessage().contains("set profile"));
        assertTrue(refused("region", "eu-west-1", "spot", "x").getMessage().startsWith("cloud 'aws': "));
    }

    @Test
    void keysComeInPairsAndAreNeverShown() {
        InvalidRequestException e = refused("region", "eu-west-1", "accessKeyId", "AKIDEXAMPLE");
        assertTrue(e.getMessage().contains("secretAccessKey is missing"), e.getMessage());
        e = refused("region", "eu-west-1", "secretAccessKey", "wJalrXUtnFEMI");
        assertTrue(e.getMessage().contains("accessKeyId is missing"), e.getMessage());
        assertFalse(e.getMessage().contains("wJalrXUtnFEMI"));

        Ec2Settings s = Ec2Settings.parse(settings("region", "eu-west-1", "accessKeyId", "AKIDEXAMPLE",
                "secretAccessKey", "wJalrXUtnFEMI", "profile", "ignored"));
        Ec2Settings.Credentials.Keys keys = assertInstanceOf(Ec2Settings.Credentials.Keys.class, s.credentials());
        assertEquals("AKIDEXAMPLE", keys.accessKeyId());
        assertNull(keys.sessionToken());
        assertFalse(s.toString().contains("AKIDEXAMPLE"));
        assertFalse(s.toString().contains("wJalrXUtnFEMI"));
        assertFalse(keys.toString().contains("wJalrXUtnFEMI"));
    }

    @Test
    void aProfileMayNameItsFile(@TempDir Path dir) throws Exception {
        Ec2Settings s = Ec2Settings.parse(settings("region", "eu-west-1", "profile", "lab"));
        assertEquals(new Ec2Settings.Credentials.Profile("lab", null), s.credentials());

        assertTrue(refused("region", "eu-west-1", "profile", "lab", "credentialsFile", dir.resolve("nope").toString())
                .getMessage().contains("does not exist"));
        Path file = Files.writeString(dir.resolve("credentials"), "[lab]\naws_access_key_id = AKIDLAB\naws_secret_access_key = s3cr3t\n");
        s = Ec2Settings.parse(settings("region", "eu-west-1", "profile", "lab", "credentialsFile", file.toString()));
        assertEquals(new Ec2Settings.Credentials.Profile("lab", file), s.credentials());
    }

    @Test
    void theImageOfARequestWinsElseTheConfiguredOneElseItIsRequired() {
        Ec2Settings none = Ec2Settings.parse(settings("region", "eu-west-1"));
        assertEquals("ami-1", none.imageFor("ami-1"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> none.imageFor(" "));
        assertTrue(e.getMessage().contains("set image"), e.getMessage());
        Ec2Settings configured = Ec2Settings.parse(settings("region", "eu-west-1", "image", "ami-9", "instanceType", "c7i.large"));
        assertEquals("ami-9", configured.imageFor(null));
        assertEquals("c7i.large", configured.instanceTypeFor(""));
        assertEquals("t3.small", configured.instanceTypeFor("t3.small"));
    }

    @Test
    void aMisspeltSettingIsRefusedRatherThanIgnored() {
        // acessKeyId ignored in silence would have left the SDK's default chain to pick some other credentials
        InvalidRequestException e = refused("region", "eu-west-1", "acessKeyId", "x", "secretAccessKey", "y");
        assertTrue(e.getMessage().startsWith("cloud 'aws': unknown setting acessKeyId; a cloud of type ec2 takes "), e.getMessage());
        assertTrue(e.getMessage().contains("accessKeyId"), e.getMessage());
        Ec2Settings.parse(settings("region", "eu-west-1", "osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)"));
    }

    @Test
    void aRegionIsOneAwsHasUnlessAnEndpointIsGiven() {
        InvalidRequestException e = refused("region", "eu-middle-9");
        assertTrue(e.getMessage().contains("region 'eu-middle-9' is not an AWS region"), e.getMessage());
        assertEquals("eu-middle-9", Ec2Settings.parse(settings("region", "eu-middle-9", "endpoint", "http://127.0.0.1:8788")).region());
    }
}
