package org.nubis.provider.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NubisException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class Ec2ErrorsTest {

    private final Ec2Errors errors = new Ec2Errors("aws", List.of("AKIDEXAMPLE", "wJalrXUtnFEMI"));

    private static AwsServiceException ec2(String code, String message) {
        return AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void capacityAndQuotaErrorsSayWhatToDo() {
        String m = errors.message("RunInstances", ec2("InsufficientInstanceCapacity", "We currently do not have sufficient t3.micro capacity"));
        assertEquals("cloud 'aws': RunInstances failed: InsufficientInstanceCapacity (capacity: try another instance type"
                + " or zone, or fewer instances): We currently do not have sufficient t3.micro capacity", m);
        assertTrue(errors.message("RunInstances", ec2("VcpuLimitExceeded", "x")).contains("(quota: "));
        assertTrue(errors.message("RunInstances", ec2("InstanceLimitExceeded", "x")).contains("(quota: "));
        assertTrue(errors.message("DescribeInstances", ec2("RequestLimitExceeded", "x")).contains("raise maxAttempts"));
        assertTrue(errors.message("DescribeInstances", ec2("AuthFailure", "x")).contains("check accessKeyId"));
        assertNull(Ec2Errors.advice("SomethingNew"));
    }

    @Test
    void wrongRequestsAreTheUsersToFixAndCloudFailuresAreCloudErrors() {
        NubisException bad = errors.translate("RunInstances", ec2("InvalidAMIID.NotFound", "The image id '[ami-1]' does not exist"));
        assertInstanceOf(InvalidRequestException.class, bad);
        assertTrue(bad.getMessage().contains("set image to an AMI id"), bad.getMessage());
        NubisException capacity = errors.translate("RunInstances", ec2("InsufficientInstanceCapacity", "x"));
        assertEquals(CloudException.class, capacity.getClass());
    }

    @Test
    void noSecretEverReachesAMessage() {
        String m = errors.message("DescribeInstances", ec2("AuthFailure", "key AKIDEXAMPLE with\nsecret wJalrXUtnFEMI refused"));
        assertFalse(m.contains("AKIDEXAMPLE"), m);
        assertFalse(m.contains("wJalrXUtnFEMI"), m);
        assertFalse(m.contains("\n"), m);
        String client = errors.message("DescribeInstances", SdkClientException.create("Connect to 127.0.0.1:1 failed"));
        assertEquals("cloud 'aws': DescribeInstances failed: Connect to 127.0.0.1:1 failed", client);
        String noCredentials = errors.message("DescribeInstances",
                SdkClientException.create("Unable to load credentials from any of the providers in the chain"));
        assertTrue(noCredentials.contains("AWS_ACCESS_KEY_ID"), noCredentials);
    }
}
