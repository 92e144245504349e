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
                    assertEquals("shutting-down", change.path("CurrentState").path("Name").asText()));

            Run refused = aws(aws, port, new Ec2Clients.Keys(keys.accessKeyId(), "wrong"), "describe-regions");
            assertTrue(refused.exitCode() != 0);
            assertTrue(refused.stderr().contains("AuthFailure"), refused.stderr());
        }
    }

    /**
     * create-key-pair's private key logs in (OpenSSH) to an instance launched with it; describe-instance-status and
     * the CLI's instance-status-ok waiter; terminate-instances answers shutting-down, describe-instances shows it
     * while a process that ignores TERM lives (grace 10 s here), then terminated once it is gone.
     */
    @Test
    void theAwsCliCreatesAKeyThatLogsInSeesStatusAndWatchesTheShutdown() throws Exception {
        Path aws = OutsideProgram.requireWorking("aws", "Debian package awscli, or pip install awscli", "--version");
        Path sshProgram = OutsideProgram.require("ssh", "apt-get install openssh-client");
        try (TestCloud test = TestCloud.start(home, "shutdownGraceSeconds=10")) {
            Ec2Clients.Keys keys = Ec2Clients.keys(test.home);
            int port = test.cloud.ec2Port();

            Run created = aws(aws, port, keys, "create-key-pair", "--key-name", "cli-made");
            assertEquals(0, created.exitCode(), created.stderr());
            String material = created.json().path("KeyMaterial").asText();
            assertEquals("RSA PRIVATE KEY", Ec2Clients.pemLabel(material), "rsa in PEM by default");
            assertEquals("cli-made", created.json().path("KeyName").asText());
            assertTrue(created.json().path("KeyFingerprint").asText().matches("([0-9a-f]{2}:){19}[0-9a-f]{2}"),
                    created.stdout());
            Run again = aws(aws, port, keys, "create-key-pair", "--key-name", "cli-made");
            assertTrue(again.exitCode() != 0);
            assertTrue(again.stderr().contains("InvalidKeyPair.Duplicate"), again.stderr());

            Run launched = aws(aws, port, keys, "run-instances", "--image-id", "ami-sandbox", "--count", "1",
                    "--key-name", "cli-made");
            assertEquals(0, launched.exitCode(), launched.stderr());
            String id = launched.json().path("Instances").path(0).path("InstanceId").asText();
            Run statusOk = aws(aws, port, keys, "wait", "instance-status-ok", "--instance-ids", id);
            assertEquals(0, statusOk.exitCode(), statusOk.stderr());
            JsonNode status = aws(aws, port, keys, "describe-instance-status", "--instance-ids", id).json()
                    .path("InstanceStatuses").path(0);
            assertEquals(id, status.path("InstanceId").asText());
            assertEquals("running", status.path("InstanceState").path("Name").asText());
            assertEquals("ok", status.path("InstanceStatus").path("Status").asText());
            assertEquals("ok", status.path("SystemStatus").path("Status").asText());
            assertEquals("passed", status.path("InstanceStatus").path("Details").path(0).path("Status").asText());

            // The sandbox's host key from the engine, pinned as a user would take it from a console.
            var sandbox = test.cloud.engine().describe(org.nubis.localcloud.engine.InstanceFilter.ALL).stream()
                    .filter(d -> id.equals(d.attributes().get("ec2.instanceId"))).findFirst().orElseThrow();
            Path keyFile = scratch.resolve("cli-made.pem");
            Files.writeString(keyFile, material);
            Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            OpenSsh ssh = OpenSsh.forInstance(scratch, keyFile, sandbox.sshPort(), sandbox.hostKey(),
                    sandbox.dir().toString());
            Process login = new ProcessBuilder(ssh.command(List.of(),
                    "echo logged-in; trap '' TERM; nohup sleep 600 > /dev/null 2>&1 < /dev/null & echo $!"))
                    .redirectInput(new File("/dev/null")).redirectErrorStream(true).start();
            String output = new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(login.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, login.exitValue(), sshProgram + ": " + output);
            List<String> lines = output.lines().toList();
            assertEquals("logged-in", lines.get(0));
            long stubborn = Long.parseLong(lines.get(1).trim());

            Run terminated = aws(aws, port, keys, "terminate-instances", "--instance-ids", id);
            assertEquals(0, terminated.exitCode(), terminated.stderr());
            JsonNode change = terminated.json().path("TerminatingInstances").path(0);
            assertEquals("running", change.path("PreviousState").path("Name").asText());
            assertEquals("shutting-down", change.path("CurrentState").path("Name").asText());
            assertEquals(32, change.path("CurrentState").path("Code").asInt());
            assertEquals("shutting-down", state(aws, port, keys, id), "while a process that ignores TERM lives");
            assertTrue(TestProcesses.isRunning(stubborn));
            Run gone = aws(aws, port, keys, "wait", "instance-terminated", "--instance-ids", id);
            assertEquals(0, gone.exitCode(), gone.stderr());
            assertEquals("terminated", state(aws, port, keys, id));
            assertTrue(!TestProcesses.isRunning(stubborn), "terminated only once the processes are gone");
            Ec2SdkLifecycleTest.assertNowhereUnder(test.home, material);
        }
    }

    private String state(Path aws, int port, Ec2Clients.Keys keys, String id) throws Exception {
        Run described = aws(aws, port, keys, "describe-instances", "--instance-ids", id);
        assertEquals(0, described.exitCode(), described.stderr());
        return described.json().path("Reservations").path(0).path("Instances").path(0).path("State").path("Name").asText();
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
