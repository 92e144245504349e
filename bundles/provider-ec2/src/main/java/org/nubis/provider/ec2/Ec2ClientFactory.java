package org.nubis.provider.ec2;

import java.time.Duration;
import java.util.function.Supplier;
import org.nubis.api.InvalidRequestException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * Builds the SDK client of one cloud. Inside OSGi the SDK must not look anything up through
 * ServiceLoader or the thread's context class loader on its own: the HTTP client is given
 * explicitly, and the client is built with this bundle's class loader as the context class loader
 * (the SDK reads its interceptor and endpoint resources through it).
 */
final class Ec2ClientFactory {

    private Ec2ClientFactory() {
    }

    static Ec2Client create(Ec2Settings s) {
        return withBundleClassLoader(() -> {
            SdkHttpClient http = UrlConnectionHttpClient.builder()
                    .connectionTimeout(min(Duration.ofSeconds(10), s.requestTimeout()))
                    .socketTimeout(s.requestTimeout())
                    .build();
            Ec2ClientBuilder builder = Ec2Client.builder()
                    .httpClient(http)
                    .region(Region.of(s.region()))
                    .credentialsProvider(credentialsProvider(s))
                    .overrideConfiguration(o -> o
                            // standard mode: exponential backoff with jitter, longer for throttling errors
                            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                    .maxAttempts(s.maxAttempts()).build())
                            .apiCallAttemptTimeout(s.requestTimeout()));
            if (s.endpoint() != null) {
                builder.endpointOverride(s.endpoint());
            }
            return builder.build();
        });
    }

    static AwsCredentialsProvider credentialsProvider(Ec2Settings s) {
        if (s.credentials() instanceof Ec2Settings.Credentials.Keys k) {
            return StaticCredentialsProvider.create(keys(k));
        }
        if (s.credentials() instanceof Ec2Settings.Credentials.Profile p) {
            return profile(s.cloudName(), p);
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static AwsCredentials keys(Ec2Settings.Credentials.Keys k) {
        return k.sessionToken() == null
                ? AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())
                : AwsSessionCredentials.create(k.accessKeyId(), k.secretAccessKey(), k.sessionToken());
    }

    private static AwsCredentialsProvider profile(String cloud, Ec2Settings.Credentials.Profile p) {
        ProfileFile file;
        try {
            file = p.file() != null
                    ? ProfileFile.builder().content(p.file()).type(ProfileFile.Type.CREDENTIALS).build()
                    : ProfileFile.defaultProfileFile();
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cloud '" + cloud + "': cannot read the AWS profile files"
                    + (p.file() != null ? " (" + p.file() + ")" : "") + ": " + e.getMessage());
        }
        if (file.profile(p.name()).isEmpty()) {
            throw new InvalidRequestException("cloud '" + cloud + "': profile '" + p.name() + "' is not in "
                    + (p.file() != null ? p.file().toString() : "~/.aws/credentials or ~/.aws/config")
                    + "; fix profile, or set credentialsFile to the file that has it");
        }
        return ProfileCredentialsProvider.builder().profileFile(file).profileName(p.name()).build();
    }

    /** Runs SDK set-up code with this bundle's class loader as the thread's context class loader. */
    static <T> T withBundleClassLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Ec2ClientFactory.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
