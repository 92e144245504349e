package org.nubis.provider.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NubisException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the SDK's exceptions into one-line Nubis errors that name the EC2 error code and say what
 * to do. Messages never carry a secret: any credential value is blanked out of what EC2 said.
 */
final class Ec2Errors {

    static final String NOT_FOUND_INSTANCE = "InvalidInstanceID.NotFound";

    private static final Set<String> CAPACITY = Set.of("InsufficientInstanceCapacity", "InsufficientCapacity",
            "InsufficientHostCapacity", "InsufficientReservedInstanceCapacity", "InsufficientCapacityOnHost",
            "SpotMaxPriceTooLow", "InsufficientCapacityReservationCapacity");
    private static final Set<String> QUOTA = Set.of("InstanceLimitExceeded", "VcpuLimitExceeded",
            "MaxSpotInstanceCountExceeded", "ResourceLimitExceeded", "VolumeLimitExceeded", "MaxIOPSLimitExceeded",
            "PendingVerification", "SecurityGroupLimitExceeded", "RulesPerSecurityGroupLimitExceeded",
            "KeyPairLimitExceeded", "TagLimitExceeded");
    private static final Set<String> THROTTLING = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
            "RequestThrottled", "TooManyRequestsException", "SlowDown");
    private static final Set<String> CREDENTIALS = Set.of("AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch",
            "IncompleteSignature", "MissingAuthenticationToken", "RequestExpired", "Blocked", "OptInRequired",
            "UnrecognizedClientException", "InvalidAccessKeyId");

    private final String cloud;
    private final List<String> secrets;

    Ec2Errors(String cloud, Collection<String> secrets) {
        this.cloud = cloud;
        this.secrets = secrets.stream().filter(v -> v != null && v.length() >= 4).toList();
    }

    /** EC2's error code of a service error, or null. */
    static String code(Throwable e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return s.awsErrorDetails().errorCode();
        }
        return null;
    }

    static boolean isCode(Throwable e, String code) {
        return code.equals(code(e));
    }

    /** What the user can do about an EC2 error code, or null when there is nothing specific to say. */
    static String advice(String code) {
        if (code == null) {
            return null;
        }
        if (CAPACITY.contains(code)) {
            return "capacity: try another instance type or zone, or fewer instances";
        }
        if (QUOTA.contains(code)) {
            return "quota: launch fewer, free some, or ask AWS for a higher limit (Service Quotas)";
        }
        if (THROTTLING.contains(code)) {
            return "throttled even after retrying: try again later or raise maxAttempts";
        }
        if (CREDENTIALS.contains(code)) {
            return "credentials refused: check accessKeyId/secretAccessKey (or the profile), the region and the clock";
        }
        return switch (code) {
            case "UnauthorizedOperation" -> "these credentials may not do this: allow it in the IAM policy";
            case "Unsupported" -> "not offered here: try another instance type or subnet (zone)";
            case "InsufficientFreeAddressesInSubnet" -> "the subnet has no free addresses: set subnetId to a larger subnet";
            case "InvalidAMIID.NotFound", "InvalidAMIID.Malformed", "InvalidAMIID.Unavailable" ->
                    "no such image in this region: set image to an AMI id of the region";
            case "InvalidKeyPair.NotFound" -> "no such key pair: create it, or set importKeyPair = true";
            case "InvalidGroup.NotFound" -> "no such security group: create it, or set createSecurityGroup = true";
            case "InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed" -> "no such subnet: fix subnetId";
            case "InvalidParameterValue", "InvalidParameterCombination", "InvalidInstanceType" ->
                    "check image, instance type and subnet";
            default -> null;
        };
    }

    /** Whether the request itself was wrong (so it is the user's to fix, not the cloud's failure). */
    static boolean isInvalidRequest(String code) {
        return code != null && (code.startsWith("InvalidAMIID.") || code.startsWith("InvalidSubnetID.")
                || code.equals("InvalidKeyPair.NotFound") || code.equals("InvalidGroup.NotFound")
                || code.equals("InvalidParameterValue") || code.equals("InvalidParameterCombination")
                || code.equals("InvalidInstanceType") || code.equals("InvalidUserData.Malformed"));
    }

    /** One line: "cloud 'x': ACTION failed: CODE (advice): what EC2 said". */
    String message(String action, Throwable e) {
        StringBuilder m = new StringBuilder("cloud '").append(cloud).append("': ").append(action).append(" failed");
        String code = code(e);
        if (code != null) {
            m.append(": ").append(code);
            String advice = advice(code);
            if (advice != null) {
                m.append(" (").append(advice).append(")");
            }
            String said = ((AwsServiceException) e).awsErrorDetails().errorMessage();
            if (said != null && !said.isBlank()) {
                m.append(": ").append(said);
            }
        } else if (isMissingCredentials(e)) {
            m.append(": no AWS credentials found (give accessKeyId and secretAccessKey, or profile,"
                    + " or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in Karaf's environment)");
        } else {
            m.append(": ").append(e.getMessage());
        }
        return redact(m.toString());
    }

    /** The Nubis exception for an SDK failure of {@code action}. */
    NubisException translate(String action, SdkException e) {
        String message = message(action, e);
        if (isInvalidRequest(code(e))) {
            return new InvalidRequestException(message);
        }
        return new CloudException(message, e);
    }

    String redact(String text) {
        String out = text.replace('\n', ' ').replace('\r', ' ');
        for (String s : secrets) {
            out = out.replace(s, "****");
        }
        return out;
    }

    private static boolean isMissingCredentials(Throwable e) {
        String m = e.getMessage();
        return m != null && m.startsWith("Unable to load credentials");
    }
}
