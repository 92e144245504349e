package org.nubis.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** Real AWS SDK v2 EC2 clients pointed at a test's local cloud, with the JDK-based HTTP client. */
final class Ec2Clients {

    record Keys(String accessKeyId, String secret) {
    }

    private Ec2Clients() {
    }

    /** The pair the local cloud made in HOME/ec2-credentials. */
    static Keys keys(Path home) {
        try {
            String id = null;
            String secret = null;
            for (String line : Files.readAllLines(home.resolve("ec2-credentials"))) {
                String[] parts = line.split("=", 2);
                if (parts.length == 2 && parts[0].trim().equals("aws_access_key_id")) {
                    id = parts[1].trim();
                } else if (parts.length == 2 && parts[0].trim().equals("aws_secret_access_key")) {
                    secret = parts[1].trim();
                }
            }
            return new Keys(id, secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client with the SDK's default retries. */
    static Ec2Client client(TestCloud test) {
        return client(test.cloud.ec2Port(), keys(test.home), builder -> { });
    }

    static Ec2Client client(int port, Keys keys, Consumer<ClientOverrideConfiguration.Builder> override) {
        return Ec2Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(keys.accessKeyId(), keys.secret())))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(override)
                .build();
    }

    /** The SDK's standard retries with many attempts and short back-offs (for throttling tests). */
    static RetryStrategy patientRetries(int maxAttempts) {
        BackoffStrategy quick = BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50));
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(quick)
                .throttlingBackoffStrategy(quick)
                .circuitBreakerEnabled(false)
                .build();
    }

    /** The SDK's waiters, polling every 100 ms instead of every 15 s. */
    static Ec2Waiter waiter(Ec2Client client) {
        return Ec2Waiter.builder().client(client)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(100)))
                        .maxAttempts(600)
                        .waitTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /**
     * The label of a PEM document's first line ({@code RSA PRIVATE KEY}, {@code OPENSSH PRIVATE KEY}):
     * what the tests check of key material the cloud generated, without a key's text in the sources.
     */
    static String pemLabel(String pem) {
        String first = pem.lines().findFirst().orElse("");
        String begin = "-----BEGIN ";
        return first.startsWith(begin) && first.endsWith("-----")
                ? first.substring(begin.length(), first.length() - "-----".length()) : "not PEM: " + first;
    }
}
