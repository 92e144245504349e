package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI against the EC2 face: run-instances, describe-instances with a tag filter, create-tags,
 * terminate-instances, and a wrong secret. Skipped (with the reason printed) when {@code aws} cannot run,
 * except with CI=true, where that fails.
 */
class Ec2CliTest {

    @TempDir
    Path home;
    @TempDir
    Path scratch;

    record Run(int exitCode, String stdout, String stderr) {
        JsonNode json() throws Exception {
            return ApiClient.JSON.readTree(stdout);
        }
    }

    @Test
    void theAwsCliLaunchesFindsTagsAndTerminates() throws Exception {
        Path aws = OutsideProgram.requireWorking("aws", "Debian package awscli, or pip install awscli", "--version");
        try (TestCloud test = TestCloud.start(home)) {
            Ec2Clients.Keys keys = Ec2Clients.keys(test.home);
            int port = test.cloud.ec2Port();

            Run launched = aws(aws, port, keys, "run-instances", "--image-id", "ami-sandbox", "--instance-type", "t3.micro",
                    "--count", "2", "--tag-specifications", "ResourceType=instance,Tags=[{Key=cli,Value=yes}]");
            assertEquals(0, launched.exitCode(), launched.stderr());
            List<String> ids = new ArrayList<>();
            launched.json().path("Instances").forEach(i -> ids.add(i.path("InstanceId").asText()));
            assertEquals(2, ids.size());

            Run found = aws(aws, port, keys, "describe-instances", "--filters", "Name=tag:cli,Values=yes");
            assertEquals(0, found.exitCode(), found.stderr());
            assertEquals(Set.copyOf(ids), instanceIds(found.json()));

            Run tagged = aws(aws, port, keys, "create-tags", "--resources", ids.get(0), "--tags", "Key=extra,Value=1");
            assertEquals(0, tagged.exitCode(), tagged.stderr());
            Run extra = aws(aws, port, keys, "describe-instances", "--filters", "Name=tag:extra,Values=1");
            assertEquals(Set.of(ids.get(0)), instanceIds(extra.json()));

            List<String> terminate = new ArrayList<>(List.of("terminate-instances", "--instance-ids"));
            terminate.addAll(ids);
            Run terminated = aws(aws, port, keys, terminate.toArray(String[]::new));
            assertEquals(0, terminated.exitCode(), terminated.stderr());
            terminated.json().path("TerminatingInstances").forEach(change ->
                    assertEquals("terminated", change.path("CurrentState").path("Name").asText()));

            Run refused = aws(aws, port, new Ec2Clients.Keys(keys.accessKeyId(), "wrong"), "describe-regions");
            assertTrue(refused.exitCode() != 0);
            assertTrue(refused.stderr().contains("AuthFailure"), refused.stderr());
        }
    }

    private static Set<String> instanceIds(JsonNode described) {
        List<String> ids = new ArrayList<>();
        described.path("Reservations").forEach(r -> r.path("Instances").forEach(i -> ids.add(i.path("InstanceId").asText())));
        return ids.stream().collect(Collectors.toSet());
    }

    private Run aws(Path aws, int port, Ec2Clients.Keys keys, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "ec2", "--endpoint-url", "http://127.0.0.1:" + port,
                "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(scratch, "aws", ".out");
        Path err = Files.createTempFile(scratch, "aws", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", keys.secret());
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        // Nothing from the user's own AWS files.
        env.put("AWS_CONFIG_FILE", scratch.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-credentials").toString());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
