package org.nubis.provider.ec2;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.cloud.CloudSettings;
import software.amazon.awssdk.regions.Region;

/**
 * The settings of one {@code ec2} cloud, checked. {@link #toString()} names no secret.
 *
 * @param credentials where the AWS credentials come from: given keys, a profile or the SDK's default chain
 */
record Ec2Settings(String cloudName, String region, URI endpoint, Credentials credentials,
                   String image, String instanceType, String subnetId,
                   String keyPairName, boolean importKeyPair,
                   String securityGroup, boolean createSecurityGroup, String sshCidr, int sshPort,
                   String sshUser, String sshPortTag, boolean spot,
                   int maxLaunchCount, int launchBatchSize, int maxAttempts, Duration requestTimeout) {

    static final String DEFAULT_INSTANCE_TYPE = "t3.micro";
    /** Every setting this provider reads. */
    static final Set<String> KNOWN = Set.of("region", "endpoint", "accessKeyId", "secretAccessKey",
            "sessionToken", "profile", "credentialsFile", "image", "instanceType", "subnetId", "keyPairName",
            "importKeyPair", "securityGroup", "createSecurityGroup", "sshCidr", "sshPort", "sshUser", "sshPortTag",
            "spot", "maxLaunchCount", "launchBatchSize", "maxAttempts", "requestTimeoutSeconds");

    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}|[0-9A-Fa-f:]+/\\d{1,3}");
    private static final Pattern NAME = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,254}");

    /** Where credentials come from. {@link #toString()} leaves out the keys. */
    sealed interface Credentials {
        /** Keys given in the cloud's configuration. */
        record Keys(String accessKeyId, String secretAccessKey, String sessionToken) implements Credentials {
            @Override
            public String toString() {
                return "keys from the cloud configuration";
            }
        }

        /** A named profile of the shared AWS files (or of {@code file} when set). */
        record Profile(String name, Path file) implements Credentials {
        }

        /** The SDK's default chain: environment, system properties, shared files, container/instance roles. */
        record DefaultChain() implements Credentials {
            @Override
            public String toString() {
                return "the AWS SDK's default credentials chain";
            }
        }
    }

    static Ec2Settings parse(CloudSettings s) {
        s.refuseUnknown(KNOWN);
        String cloud = s.name();
        String region = s.get("region", null);
        if (region == null) {
            throw invalid(cloud, "region is required: set region to the EC2 region, e.g. region = eu-west-1");
        }
        if (!REGION.matcher(region).matches()) {
            throw invalid(cloud, "region '" + region + "' is not a region name; use one like eu-west-1");
        }
        int sshPort = range(s, "sshPort", 22, 1, 65535);
        String sshCidr = s.get("sshCidr", "0.0.0.0/0");
        if (!CIDR.matcher(sshCidr).matches()) {
            throw invalid(cloud, "sshCidr '" + sshCidr + "' is not a CIDR block; use one like 203.0.113.0/24 or 0.0.0.0/0");
        }
        Ec2Settings parsed = new Ec2Settings(cloud, region, endpoint(s), credentials(s),
                s.get("image", null),
                name(s, "instanceType", DEFAULT_INSTANCE_TYPE),
                s.get("subnetId", null),
                name(s, "keyPairName", "nubis"),
                bool(s, "importKeyPair", true),
                name(s, "securityGroup", "nubis"),
                bool(s, "createSecurityGroup", true),
                sshCidr, sshPort,
                name(s, "sshUser", "ec2-user"),
                name(s, "sshPortTag", "localcloud:ssh-port"),
                bool(s, "spot", false),
                // a request may ask for up to maxLaunchCount; RunInstances is called for launchBatchSize at a time
                range(s, "maxLaunchCount", 1000, 1, 10_000),
                range(s, "launchBatchSize", 100, 1, 1000),
                range(s, "maxAttempts", 8, 1, 30),
                Duration.ofSeconds(range(s, "requestTimeoutSeconds", 60, 1, 3600)));
        if (parsed.endpoint() == null && !Region.regions().contains(Region.of(region))) {
            // AWS itself: a region the SDK does not know has no endpoint to go to
            throw invalid(cloud, "region '" + region + "' is not an AWS region the SDK knows (e.g. eu-west-1, us-east-1);"
                    + " for another EC2-compatible cloud, set endpoint as well");
        }
        return parsed;
    }

    private static URI endpoint(CloudSettings s) {
        String value = s.get("endpoint", null);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid(s.name(), "endpoint '" + value + "' is not an http(s) URL; use one like https://ec2.example.org:8788,"
                + " or leave endpoint out to use AWS's own endpoint of the region");
    }

    private static Credentials credentials(CloudSettings s) {
        String id = s.get("accessKeyId", null);
        String secret = s.get("secretAccessKey", null);
        if (id != null || secret != null) {
            if (id == null || secret == null) {
                throw invalid(s.name(), (id == null ? "accessKeyId" : "secretAccessKey")
                        + " is missing: give both accessKeyId and secretAccessKey as credentials, or neither"
                        + " (to use a profile or the default credentials chain)");
            }
            return new Credentials.Keys(id, secret, s.get("sessionToken", null));
        }
        String profile = s.get("profile", null);
        String file = s.get("credentialsFile", null);
        if (profile == null && file != null) {
            throw invalid(s.name(), "credentialsFile is set but profile is not: set profile to a profile of that file"
                    + " (e.g. profile = default)");
        }
        if (profile != null) {
            Path path = file == null ? null : Path.of(file);
            if (path != null && !Files.isReadable(path)) {
                throw invalid(s.name(), "credentialsFile " + file + " does not exist or cannot be read;"
                        + " give the path of an AWS credentials file, or leave it out to use ~/.aws/credentials");
            }
            return new Credentials.Profile(profile, path);
        }
        return new Credentials.DefaultChain();
    }

    private static String name(CloudSettings s, String key, String fallback) {
        String v = s.get(key, fallback);
        if (!NAME.matcher(v).matches()) {
            throw invalid(s.name(), key + " '" + v + "' has characters EC2 does not accept; use printable ASCII");
        }
        return v;
    }

    private static boolean bool(CloudSettings s, String key, boolean fallback) {
        String v = s.get(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(s.name(), key + " must be true or false, not '" + v + "'");
        };
    }

    private static int range(CloudSettings s, String key, int fallback, int min, int max) {
        int v = s.getInt(key, fallback);
        if (v < min || v > max) {
            throw invalid(s.name(), key + " must be between " + min + " and " + max + ", not " + v);
        }
        return v;
    }

    static InvalidRequestException invalid(String cloud, String what) {
        return new InvalidRequestException("cloud '" + cloud + "': " + what);
    }

    /** The image to launch: the request's, else the configured one. */
    String imageFor(String requested) {
        if (requested != null && !requested.isBlank()) {
            return requested.trim();
        }
        if (image == null) {
            throw invalid(cloudName, "no image given and no default: set image to an AMI id (e.g. image = ami-0abcdef1234567890)"
                    + " in the cloud's configuration, or name one in the request");
        }
        return image;
    }

    String instanceTypeFor(String requested) {
        return requested != null && !requested.isBlank() ? requested.trim() : instanceType;
    }

    @Override
    public String toString() {
        return "Ec2Settings[cloud=" + cloudName + ", region=" + region + ", endpoint=" + endpoint
                + ", credentials=" + credentials + "]";
    }
}
