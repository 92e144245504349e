package org.nubis.localcloud.ec2api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EC2 face's small parts, without a running cloud. */
class Ec2PartsTest {

    @Test
    void queryParamsReadEc2sFlattenedLists() {
        QueryParams params = QueryParams.parse("Action=DescribeInstances&InstanceId.2=i-b&InstanceId.1=i-a&InstanceId.10=i-j"
                + "&Filter.1.Name=tag%3Arole&Filter.1.Value.2=web&Filter.1.Value.1=db"
                + "&Filter.2.Name=instance-state-name&Filter.2.Value.1=running"
                + "&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=a+b&TagSpecification.1.Tag.1.Value=%C3%A9",
                "MaxResults=5");
        assertEquals("DescribeInstances", params.get("Action"));
        assertEquals(List.of("i-a", "i-b", "i-j"), params.list("InstanceId"));
        List<Filter> filters = params.filters();
        assertEquals("tag:role", filters.get(0).name());
        assertEquals(List.of("db", "web"), filters.get(0).values());
        assertEquals(List.of("running"), filters.get(1).values());
        QueryParams spec = params.members("TagSpecification").get(0);
        assertEquals("instance", spec.get("ResourceType"));
        assertEquals(Map.of("a b", "é"), spec.tags("Tag"));
        assertEquals(5, params.integer("MaxResults"));
        assertEquals("MissingParameter", assertThrows(Ec2Error.class, () -> params.require("ImageId")).code());
        assertEquals("InvalidParameterValue", assertThrows(Ec2Error.class, () -> params.integer("Action")).code());
    }

    @Test
    void filtersUseEc2Wildcards() {
        Filter filter = new Filter("tag:Name", List.of("web-*", "db-?", "lit\\*"));
        assertTrue(filter.matches("web-1"));
        assertTrue(filter.matches("web-"));
        assertTrue(filter.matches("db-7"));
        assertFalse(filter.matches("db-17"));
        assertTrue(filter.matches("lit*"));
        assertFalse(filter.matches("literal"));
        assertFalse(filter.matchesAny(List.of()));
        assertEquals("InvalidParameterValue", assertThrows(Ec2Error.class,
                () -> Filter.checkNames(List.of(new Filter("colour", List.of("red"))), java.util.Set.of("instance-id"), true)).code());
    }

    @Test
    void instanceTypesMapToFlavors() {
        InstanceTypes types = new InstanceTypes(List.of("small", "medium", "large"));
        assertEquals("small", types.flavorOf("t3.micro"));
        assertEquals("small", types.flavorOf("t3.small"));
        assertEquals("small", types.flavorOf("t4g.nano"));
        assertEquals("medium", types.flavorOf("t3.medium"));
        assertEquals("large", types.flavorOf("m5.large"));
        assertEquals("large", types.flavorOf("c6gn.16xlarge"));
        assertEquals("large", types.flavorOf("m5.metal"));
        assertEquals("medium", types.flavorOf("medium"));
        for (String bad : List.of("huge", "t3.gigantic", "micro.t3", "")) {
            assertEquals("InvalidParameterValue", assertThrows(Ec2Error.class, () -> types.flavorOf(bad)).code(), bad);
        }
    }

    @Test
    void pagesFollowTheirTokens() {
        List<String> items = IntStream.range(0, 12).mapToObj(i -> String.format("item-%02d", i)).toList();
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String form = "MaxResults=5" + (token == null ? "" : "&NextToken=" + token);
            Pages.Page<String> page = Pages.of(items, s -> s, QueryParams.parse(form));
            seen.addAll(page.items());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(items, seen);
        assertEquals(3, pages);
        assertNull(Pages.of(items, s -> s, QueryParams.parse("")).nextToken());
        assertEquals("InvalidPaginationToken", assertThrows(Ec2Error.class,
                () -> Pages.of(items, s -> s, QueryParams.parse("NextToken=garbage"))).code());
        assertEquals("InvalidParameterValue", assertThrows(Ec2Error.class,
                () -> Pages.of(items, s -> s, QueryParams.parse("MaxResults=4"))).code());
    }

    @Test
    void configNamesZonesLikeEc2() {
        Ec2Config config = Ec2Config.from(new Properties(), null);
        assertEquals(0, config.port());
        assertEquals("us-east-1", config.region());
        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), config.zones());
        assertEquals("use1-az1", config.zoneId("us-east-1a"));
        Properties properties = new Properties();
        properties.setProperty("ec2Region", "ap-southeast-2");
        properties.setProperty("ec2Port", "4567");
        Ec2Config sydney = Ec2Config.from(properties, null);
        assertEquals("apse2-az2", sydney.zoneId("ap-southeast-2b"));
        assertEquals(4567, sydney.port());
        assertEquals(9999, Ec2Config.from(properties, 9999).port());
        properties.setProperty("ec2Region", "moon");
        assertThrows(IllegalArgumentException.class, () -> Ec2Config.from(properties, null));
    }

    @Test
    void credentialsAreMadeOnceAndNeverShown(@TempDir Path home) throws Exception {
        Ec2Credentials made = Ec2Credentials.loadOrCreate(home, "");
        Path file = home.resolve(Ec2Credentials.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String keyId = made.accessKeyIds().get(0);
        String secret = made.secretOf(keyId);
        assertEquals(secret, Ec2Credentials.loadOrCreate(home, null).secretOf(keyId));
        assertFalse(made.toString().contains(secret));
        Ec2Credentials configured = Ec2Credentials.parse("AKID1:s1,AKID2:s2");
        assertEquals("s2", configured.secretOf("AKID2"));
        assertNull(configured.secretOf("AKID3"));
        IOException bad = assertThrows(IOException.class, () -> Ec2Credentials.parse("AKID1:topsecret,AKID2"));
        assertFalse(bad.getMessage().contains("topsecret"));
    }

    @Test
    void xmlIsEscaped() {
        XmlWriter xml = XmlWriter.response("CreateTags", "req-1");
        xml.value("value", "<a & \"b\">").value("absent", null).empty("tagSet");
        String text = new String(xml.bytes(), StandardCharsets.UTF_8);
        assertTrue(text.endsWith("<CreateTagsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>req-1"
                + "</requestId><value>&lt;a &amp; &quot;b&quot;&gt;</value><tagSet/></CreateTagsResponse>"), text);
    }
}
