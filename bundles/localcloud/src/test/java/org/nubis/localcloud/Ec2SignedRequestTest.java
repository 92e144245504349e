package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The EC2 face at the HTTP level, with requests signed by the AWS SDK's own SigV4 signer: the XML of
 * answers and errors, authentication failures, where clients find the port and the keys.
 */
class Ec2SignedRequestTest {

    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    @TempDir
    static Path home;
    static TestCloud test;
    static Ec2Clients.Keys keys;
    final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, String body) {
    }

    @BeforeAll
    static void start() throws Exception {
        test = TestCloud.start(home);
        keys = Ec2Clients.keys(test.home);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    @Test
    void answersAreEc2sXmlForAnyRegion() throws Exception {
        Answer answer = post("Action=DescribeRegions&Version=2016-11-15", keys, Clock.systemUTC(), "ec2", "eu-west-1");
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.body().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeRegionsResponse "
                + "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>"), answer.body());
        assertTrue(answer.body().contains("<regionInfo><item><regionName>us-east-1</regionName>"), answer.body());
        assertTrue(answer.body().endsWith("</regionInfo></DescribeRegionsResponse>"), answer.body());
    }

    @Test
    void parametersMayComeInTheSignedQueryString() throws Exception {
        Answer answer = send(SdkHttpMethod.GET, "?Action=DescribeAvailabilityZones&Version=2016-11-15&ZoneName.1=us-east-1b",
                "", keys, Clock.systemUTC(), "ec2", "us-east-1");
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.body().contains("<zoneName>us-east-1b</zoneName>"), answer.body());
        assertFalse(answer.body().contains("us-east-1a"), answer.body());
    }

    @Test
    void errorsHaveEc2sShape() throws Exception {
        Answer answer = post("Action=Frobnicate&Version=2016-11-15", keys, Clock.systemUTC(), "ec2", "us-east-1");
        assertEquals(400, answer.status());
        assertTrue(answer.body().matches("(?s)<\\?xml[^>]*>\\s*<Response><Errors><Error><Code>InvalidAction</Code>"
                + "<Message>The action Frobnicate is not valid for this web service.</Message></Error></Errors>"
                + "<RequestID>[0-9a-f-]{36}</RequestID></Response>"), answer.body());
    }

    @Test
    void badSignaturesAreAuthFailures() throws Exception {
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(endpoint(""))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeRegions")).build(), HttpResponse.BodyHandlers.ofString());
        assertAuthFailure(new Answer(unsigned.statusCode(), unsigned.body()));
        assertAuthFailure(post("Action=DescribeRegions", new Ec2Clients.Keys(keys.accessKeyId(), "wrong"), Clock.systemUTC(), "ec2", "us-east-1"));
        assertAuthFailure(post("Action=DescribeRegions", new Ec2Clients.Keys("AKIAUNKNOWN000000000", keys.secret()), Clock.systemUTC(), "ec2", "us-east-1"));
        assertAuthFailure(post("Action=DescribeRegions", keys, Clock.systemUTC(), "s3", "us-east-1"));
        Clock old = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        Answer expired = post("Action=DescribeRegions", keys, old, "ec2", "us-east-1");
        assertEquals(400, expired.status());
        assertTrue(expired.body().contains("<Code>RequestExpired</Code>"), expired.body());
        // A body changed after signing.
        SignedRequest signed = sign(SdkHttpMethod.POST, "", "Action=DescribeRegions", keys, Clock.systemUTC(), "ec2", "us-east-1");
        assertAuthFailure(transmit(signed, "Action=DescribeImages"));
    }

    @Test
    void filesTellClientsThePortAndTheKeys() throws Exception {
        JsonNode info = ApiClient.JSON.readTree(Files.readString(test.cloud.home().resolve("localcloud.json")));
        assertEquals(test.cloud.ec2Port(), info.path("ec2Port").asInt());
        assertEquals(test.cloud.apiPort(), info.path("apiPort").asInt());
        assertEquals(ProcessHandle.current().pid(), info.path("pid").asLong());
        Path credentials = test.cloud.home().resolve("ec2-credentials");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        String text = Files.readString(credentials);
        assertTrue(text.contains("[default]\n"), text);
        assertTrue(keys.accessKeyId().matches("AKIA[A-Z2-7]{16}"), keys.accessKeyId());
        assertEquals(40, keys.secret().length());
    }

    @Test
    void configuredKeysAndPort(@TempDir Path other) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TestCloud configured = TestCloud.start(other, "ec2Port=" + port, "ec2Credentials=AKIDONE:secret-one, AKIDTWO:secret-two")) {
            assertEquals(port, configured.cloud.ec2Port());
            assertFalse(Files.exists(other.resolve("ec2-credentials")));
            for (Ec2Clients.Keys pair : new Ec2Clients.Keys[] {new Ec2Clients.Keys("AKIDONE", "secret-one"),
                    new Ec2Clients.Keys("AKIDTWO", "secret-two")}) {
                Answer answer = send(SdkHttpMethod.POST, "", "Action=DescribeRegions", pair, Clock.systemUTC(), "ec2",
                        "us-east-1", configured.cloud.ec2Port());
                assertEquals(200, answer.status(), answer.body());
            }
            assertAuthFailure(send(SdkHttpMethod.POST, "", "Action=DescribeRegions", new Ec2Clients.Keys("AKIDONE", "secret-two"),
                    Clock.systemUTC(), "ec2", "us-east-1", configured.cloud.ec2Port()));
        }
    }

    private static void assertAuthFailure(Answer answer) {
        assertEquals(401, answer.status(), answer.body());
        assertTrue(answer.body().contains("<Code>AuthFailure</Code>"), answer.body());
    }

    private Answer post(String form, Ec2Clients.Keys pair, Clock clock, String service, String region) throws Exception {
        return send(SdkHttpMethod.POST, "", form, pair, clock, service, region);
    }

    private Answer send(SdkHttpMethod method, String query, String form, Ec2Clients.Keys pair, Clock clock, String service,
            String region) throws Exception {
        return send(method, query, form, pair, clock, service, region, test.cloud.ec2Port());
    }

    private Answer send(SdkHttpMethod method, String query, String form, Ec2Clients.Keys pair, Clock clock, String service,
            String region, int port) throws Exception {
        return transmit(sign(method, query, form, pair, clock, service, region, port), form);
    }

    private SignedRequest sign(SdkHttpMethod method, String query, String form, Ec2Clients.Keys pair, Clock clock,
            String service, String region) {
        return sign(method, query, form, pair, clock, service, region, test.cloud.ec2Port());
    }

    private static SignedRequest sign(SdkHttpMethod method, String query, String form, Ec2Clients.Keys pair, Clock clock,
            String service, String region, int port) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(method).uri(URI.create("http://127.0.0.1:" + port + "/" + query))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(pair.accessKeyId(), pair.secret()))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(form))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    }

    /** Sends a signed request with this body (normally the one that was signed). */
    private Answer transmit(SignedRequest signed, String body) throws IOException, InterruptedException {
        SdkHttpRequest request = signed.request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri())
                .method(request.method().name(), body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private static URI endpoint(String query) {
        return URI.create("http://127.0.0.1:" + test.cloud.ec2Port() + "/" + query);
    }
}
