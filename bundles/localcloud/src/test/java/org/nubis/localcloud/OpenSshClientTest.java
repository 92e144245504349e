package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain OpenSSH clients against a sandbox: ssh (exec and pty), sftp, scp in SFTP and legacy mode,
 * with the host key from the API pinned in known_hosts. Skipped when openssh-client is missing
 * (failed instead when CI=true).
 */
class OpenSshClientTest {

    record Run(int exitCode, String stdout, String stderr) {
    }

    @TempDir
    static Path home;
    @TempDir
    static Path local;
    static TestCloud test;
    static JsonNode instance;
    static Path dir;
    static List<String> options;

    @BeforeAll
    static void start() throws Exception {
        test = TestCloud.start(home);
        TestKeys keys = TestKeys.generate();
        Path key = keys.writePrivateKey(local.resolve("id_ed25519"));
        String id = test.api.launch(TestCloud.launchBody(1, keys, Map.of("test", "openssh"))).get(0).path("id").asText();
        instance = test.api.awaitState(id, "running");
        dir = Path.of(instance.path("dir").asText());
        int port = instance.path("sshPort").asInt();
        Path knownHosts = local.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + instance.path("hostKey").asText() + "\n");
        options = List.of("-F", "/dev/null", "-i", key.toString(), "-o", "IdentitiesOnly=yes",
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "LogLevel=ERROR");
    }

    @AfterAll
    static void stop() {
        if (test != null) {
            test.close();
        }
    }

    @Test
    void sshExec() throws Exception {
        OutsideProgram.require("ssh", "apt-get install openssh-client");
        Run run = ssh(List.of(), "echo hello; echo oops >&2; pwd; exit 5");
        assertEquals(5, run.exitCode(), run.stderr());
        assertEquals("hello\n" + dir + "\n", run.stdout());
        assertTrue(run.stderr().contains("oops"), run.stderr());
    }

    @Test
    void sshWithPty() throws Exception {
        OutsideProgram.require("ssh", "apt-get install openssh-client");
        Run run = ssh(List.of("-tt"), "tty; echo \"term=$TERM\"");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith("/dev/pts/"), run.stdout());
        assertTrue(run.stdout().contains("term="), run.stdout());
    }

    @Test
    void sftpPutGetAndConfinement() throws Exception {
        OutsideProgram.require("sftp", "apt-get install openssh-client");
        Path upload = Files.writeString(local.resolve("up.txt"), "uploaded by sftp\n");
        Path download = local.resolve("down.txt");
        Run run = sftp("pwd\nput " + upload + " sftp.txt\nput " + upload + " " + dir.resolve("absolute.txt")
                + "\nget sftp.txt " + download + "\n");
        assertEquals(0, run.exitCode(), run.stderr() + run.stdout());
        assertTrue(run.stdout().contains("Remote working directory: " + dir), run.stdout());
        assertEquals("uploaded by sftp\n", Files.readString(dir.resolve("sftp.txt")));
        assertEquals("uploaded by sftp\n", Files.readString(dir.resolve("absolute.txt")));
        assertEquals("uploaded by sftp\n", Files.readString(download));

        Path outside = local.resolve("outside-" + UUID.randomUUID());
        Run denied = sftp("put " + upload + " " + outside + "\n");
        assertNotEquals(0, denied.exitCode());
        assertTrue(denied.stderr().contains("Permission denied"), denied.stderr());
        assertFalse(Files.exists(outside));
        Run escape = sftp("put " + upload + " ../../escape.txt\n");
        assertNotEquals(0, escape.exitCode());
        assertFalse(Files.exists(dir.resolve("../../escape.txt").normalize()));
    }

    @Test
    void scpBothModes() throws Exception {
        OutsideProgram.require("scp", "apt-get install openssh-client");
        Path upload = Files.writeString(local.resolve("scp.txt"), "copied by scp\n");
        int port = instance.path("sshPort").asInt();
        // Default mode (SFTP protocol since OpenSSH 9) and legacy SCP protocol (-O).
        for (String mode : List.of("sftp", "legacy")) {
            List<String> modeOption = mode.equals("legacy") ? List.of("-O") : List.of();
            Run put = scp(modeOption, port, upload.toString(), "x@127.0.0.1:" + mode + ".txt");
            assertEquals(0, put.exitCode(), mode + ": " + put.stderr());
            assertEquals("copied by scp\n", Files.readString(dir.resolve(mode + ".txt")));
            Path back = local.resolve(mode + "-back.txt");
            Run get = scp(modeOption, port, "x@127.0.0.1:" + mode + ".txt", back.toString());
            assertEquals(0, get.exitCode(), mode + ": " + get.stderr());
            assertEquals("copied by scp\n", Files.readString(back));
            Path outside = local.resolve(mode + "-outside-" + UUID.randomUUID());
            Run denied = scp(modeOption, port, upload.toString(), "x@127.0.0.1:" + outside);
            assertNotEquals(0, denied.exitCode(), mode);
            assertFalse(Files.exists(outside), mode);
        }
    }

    private static Run ssh(List<String> extra, String command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ssh"));
        argv.addAll(options);
        argv.addAll(extra);
        argv.addAll(List.of("-p", instance.path("sshPort").asText(), "someone@127.0.0.1", command));
        return run(argv, null);
    }

    private static Run sftp(String batch) throws Exception {
        Path batchFile = Files.writeString(local.resolve("batch-" + UUID.randomUUID()), batch);
        List<String> argv = new ArrayList<>(List.of("sftp"));
        argv.addAll(options);
        argv.addAll(List.of("-P", instance.path("sshPort").asText(), "-b", batchFile.toString(), "someone@127.0.0.1"));
        return run(argv, null);
    }

    private static Run scp(List<String> mode, int port, String from, String to) throws Exception {
        List<String> argv = new ArrayList<>(List.of("scp"));
        argv.addAll(mode);
        argv.addAll(options);
        argv.addAll(List.of("-P", Integer.toString(port), from, to));
        return run(argv, null);
    }

    static Run run(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(new File("/dev/null"));
        Path out = Files.createTempFile(local, "out", ".txt");
        Path err = Files.createTempFile(local, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (env != null) {
            builder.environment().putAll(env);
        }
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(argv + " did not finish");
        }
        return new Run(process.exitValue(), read(out).replace("\r\n", "\n"), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
