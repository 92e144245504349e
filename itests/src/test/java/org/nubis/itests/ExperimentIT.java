package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nubis.api.NotFoundException;
import org.nubis.api.Progress;
import org.nubis.api.experiment.CommandFailedException;
import org.nubis.api.experiment.ExperimentService;
import org.nubis.api.experiment.NotReadyException;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.TransferResult;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.ops4j.pax.exam.util.Filter;

/**
 * Experiments end to end in the real Nubis distribution, on the real local cloud: through the
 * shell commands and through the Java service. Each test uses its own experiment and cleans up.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ExperimentIT extends NubisTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LONG = 180_000L;

    @Inject
    @Filter(timeout = 120_000)
    ExperimentService experiments;

    private String shell(String command) {
        return executeCommand(command, LONG, true);
    }

    /** The one-line message a failing command gives the user. */
    private String shellError(String command) {
        try {
            String out = executeCommand(command, LONG, true);
            fail("expected '" + command + "' to fail, but it printed: " + out);
            return null;
        } catch (RuntimeException e) {
            String message = e.getMessage();
            assertFalse("one line expected: " + message, message.contains("\n"));
            assertFalse("no stack trace expected: " + message, message.contains("Exception"));
            return message;
        }
    }

    @Test
    public void theLocalProviderAndCloudAreListed() {
        String providers = shell("cloud:providers");
        assertContains("local", providers);
        assertContains("nubis-provider-local", providers);
        String clouds = shell("cloud:list");
        assertContains("ready", clouds);
    }

    @Test
    public void aShellUserRunsAWholeExperiment() throws Exception {
        shell("exp:create shelltest");
        try {
            shellExperiment();
        } finally {
            if (experiments.experiments().stream().anyMatch(e -> e.name().equals("shelltest"))) {
                experiments.destroy("shelltest");
            }
        }
    }

    private void shellExperiment() throws Exception {
        shell("exp:provision -e shelltest --count 2 -t worker");
        Path boot = Files.createTempFile("user-data", ".sh");
        Files.writeString(boot, "#!/bin/sh\necho configured-at-boot > boot-marker.txt\n");
        shell("exp:provision -e shelltest --count 1 -t head --user-data " + boot);
        assertContains("3 instance(s) ready", shell("exp:wait -e shelltest --timeout 120"));

        JsonNode listed = JSON.readTree(shell("exp:list -e shelltest --json"));
        assertEquals(3, listed.size());
        for (JsonNode i : listed) {
            assertEquals("running", i.path("state").asText());
            assertEquals("local", i.path("cloud").asText());
            assertTrue(i.path("sshPort").asInt() > 0);
            assertTrue(i.path("publicHost").asText().length() > 0);
            assertTrue(i.path("sshUser").asText().length() > 0);
            assertTrue(i.path("tags").toString().contains("\"shelltest\""));
        }
        assertEquals(2, JSON.readTree(shell("exp:list -e shelltest -t worker --json")).size());

        String all = shell("exp:run -e shelltest 'echo hello-from-$(basename $(pwd))'");
        assertContains("3 of 3 instance(s) succeeded", all);
        assertEquals(3, all.split("hello-from-", -1).length - 1);
        String head = shell("exp:run -e shelltest -t head 'echo only-head'");
        assertContains("1 of 1 instance(s) succeeded", head);
        // User data runs once at boot, possibly just after SSH answers, as with cloud-init.
        String booted = shell("exp:run -e shelltest -t head 'for i in $(seq 50); do [ -f boot-marker.txt ] && break; sleep 0.1; done; cat boot-marker.txt'");
        assertContains("configured-at-boot", booted);

        Path local = Files.createTempFile("nubis-put", ".txt");
        Files.writeString(local, "payload-123\n");
        assertContains("3 transfer(s) done", shell("exp:put -e shelltest " + local + " data.txt"));
        assertContains("3 of 3", shell("exp:run -e shelltest 'grep -q payload-123 data.txt'"));
        shell("exp:run -e shelltest 'echo result-$(basename $(pwd)) > out.txt'");
        Path back = Files.createTempDirectory("nubis-get");
        assertContains("3 transfer(s) done", shell("exp:get -e shelltest out.txt " + back.resolve("out.txt")));
        List<Path> copies;
        try (var files = Files.list(back)) {
            copies = files.sorted().toList();
        }
        assertEquals(3, copies.size());
        for (Path p : copies) {
            assertTrue(p.getFileName().toString().matches("out\\.txt\\.shelltest-\\d+"));
            assertTrue(Files.readString(p).startsWith("result-"));
        }

        Path script = Files.createTempFile("nubis-script", ".sh");
        Files.writeString(script, "#!/bin/sh\necho \"argc=$# first=$1 second=$2\"\n");
        String ran = shell("exp:copy-and-run -e shelltest -t head " + script + " 'a b' '$HOME;x'");
        assertContains("argc=2 first=a b second=$HOME;x", ran);

        assertEquals(3, shell("exp:hostnames -e shelltest").strip().split("\n").length);
        assertContains("2 instance(s) deprovisioned", shell("exp:deprovision -e shelltest -t worker"));
        assertEquals(1, JSON.readTree(shell("exp:list -e shelltest --json")).size());
        shell("exp:destroy shelltest");
        assertFalse(shell("exp:experiments").contains("shelltest"));
    }

    /**
     * Faults: the network cuts SSH connections mid-command and mid-transfer (the local cloud's
     * sshCutAfterMs knob). Each host's result says it failed and why, nothing claims a transfer it
     * did not finish, and once the network is back Nubis works on the same instances again (its
     * pooled connections were cut too), with the cloud's listing still equal to the records.
     */
    @Test
    public void connectionsCutMidCommandAndMidTransferFailPerHostAndNubisRecovers() throws Exception {
        LocalCloudApi cloud = LocalCloudApi.ofKaraf();
        Path dir = Files.createTempDirectory("cuts");
        experiments.create("cuts");
        try {
            experiments.provision("cuts", new ProvisionRequest(null, null, null, 2, Set.of()));
            experiments.awaitReady("cuts", Set.of(), Duration.ofSeconds(120), Progress.none());
            experiments.run("cuts", Set.of(), "true", null, true, Progress.none()); // pooled connections, to be cut
            Path big = dir.resolve("big.bin");
            try (var out = Files.newOutputStream(big)) {
                byte[] block = new byte[1024 * 1024];
                new java.util.Random(7).nextBytes(block);
                for (int i = 0; i < 256; i++) {
                    out.write(block);
                }
            }
            cloud.put("/v1/knobs", Map.of("sshCutAfterMs", 100));
            int cutShort = 0;
            try {
                List<CommandResult> ran = experiments.run("cuts", Set.of(), "sleep 5; echo finished", null, false, Progress.none());
                assertEquals(2, ran.size());
                for (CommandResult r : ran) {
                    assertFalse(r.toString(), r.succeeded());
                    assertFalse(r.stdout(), r.stdout().contains("finished"));
                    assertTrue("the error says what failed: " + r, r.error() != null && !r.error().isBlank());
                    cutShort++;
                }
                List<TransferResult> copied = experiments.put("cuts", Set.of(), big, "big.bin", null, Progress.none());
                assertEquals(2, copied.size());
                for (TransferResult t : copied) {
                    assertFalse("a cut transfer is not a copy: " + t, t.succeeded());
                    assertTrue(t.toString(), t.error() != null && !t.error().isBlank());
                    cutShort++;
                }
            } finally {
                cloud.put("/v1/knobs", Map.of("sshCutAfterMs", 0));
            }
            List<CommandResult> again = experiments.run("cuts", Set.of(), "echo back", null, true, Progress.none());
            again.forEach(r -> assertEquals("back\n", r.stdout()));
            List<TransferResult> copied = experiments.put("cuts", Set.of(), big, "big.bin", null, Progress.none());
            copied.forEach(t -> assertTrue(t.toString(), t.succeeded()));
            List<CommandResult> size = experiments.run("cuts", Set.of(), "wc -c < big.bin", null, true, Progress.none());
            size.forEach(r -> assertEquals(String.valueOf(256 * 1024 * 1024), r.stdout().strip()));
            assertEquals("the cloud's listing equals the records", 2, cloud.live().stream()
                    .filter(i -> "cuts".equals(i.path("tags").path("nubis:experiment").asText())).count());
            System.out.println("faults (SSH cuts): " + cutShort + " commands and transfers cut mid-way, each failed on its"
                    + " host with the reason; then " + again.size() + " commands and " + copied.size()
                    + " transfers of 256 MB succeeded; the cloud's listing equals the records");
        } finally {
            experiments.destroy("cuts");
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.delete(dir);
        }
    }

    @Test
    public void theJavaServiceFansOutInParallelAndReportsPerHost() throws Exception {
        experiments.create("javatest");
        try {
            experiments.provision("javatest", new ProvisionRequest(null, null, null, 4, Set.of("calc")));
            experiments.provision("javatest", new ProvisionRequest("local", null, null, 1, Set.of("odd")));
            List<Machine> ready = experiments.awaitReady("javatest", Set.of(), Duration.ofSeconds(120), Progress.none());
            assertEquals(5, ready.size());

            long start = System.nanoTime();
            List<CommandResult> slept = experiments.run("javatest", Set.of(), "sleep 2; echo done", null, true, Progress.none());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(5, slept.size());
            assertTrue("5 hosts sleeping 2 s in parallel took " + seconds + " s", seconds < 9);
            slept.forEach(r -> assertEquals("done\n", r.stdout()));

            // One host fails: with checking, the call throws and still carries every result.
            experiments.run("javatest", Set.of("odd"), "touch marker", null, true, Progress.none());
            try {
                experiments.run("javatest", Set.of(), "test -e marker", null, true, Progress.none());
                fail("expected a failure on four hosts");
            } catch (CommandFailedException e) {
                assertEquals(5, e.results().size());
                assertEquals(4, e.results().stream().filter(r -> r.exitCode() == 1).count());
                assertTrue(e.getMessage(), e.getMessage().startsWith("4 of 5 instances failed"));
            }
            List<CommandResult> unchecked = experiments.run("javatest", Set.of(), "test -e marker", null, false, Progress.none());
            assertEquals(1, unchecked.stream().filter(CommandResult::succeeded).count());
        } finally {
            experiments.destroy("javatest");
        }
    }

    @Test
    public void badInputGetsOneLineAndCreatesNothing() throws Exception {
        shell("exp:create badinput");
        try {
            int liveBefore = LocalCloudApi.ofKaraf().live().size();
            assertContains("no cloud named 'nowhere'", shellError("exp:provision -e badinput --cloud nowhere"));
            assertContains("unknown image 'windows-95'", shellError("exp:provision -e badinput --image windows-95"));
            assertContains("available: ", shellError("exp:provision -e badinput --flavor gigantic"));
            assertContains("count must be at least 1", shellError("exp:provision -e badinput --count 0"));
            assertContains("at most", shellError("exp:provision -e badinput --count 100000"));
            assertContains("no experiment named 'nosuch'", shellError("exp:provision -e nosuch"));
            assertContains("invalid experiment name", shellError("exp:create 'bad name!'"));
            assertContains("already exists", shellError("exp:create badinput"));
            assertContains("invalid tag", shellError("exp:provision -e badinput -t 'has space'"));

            assertEquals(0, experiments.list("badinput", Set.of()).size());
            assertEquals(liveBefore, LocalCloudApi.ofKaraf().live().size());

            experiments.provision("badinput", new ProvisionRequest(null, null, null, 1, Set.of("real")));
            assertContains("no instance of experiment 'badinput' carries tag ghost; tags in use: ",
                    shellError("exp:run -e badinput -t ghost hostname"));
            try {
                experiments.list("badinput", Set.of("ghost"));
                fail("an unknown tag must be an error");
            } catch (NotFoundException e) {
                assertContains("real", e.getMessage());
            }
        } finally {
            experiments.destroy("badinput");
        }
    }

    @Test
    public void waitNamesTheInstancesThatAreNotReadyAndWhy() throws Exception {
        experiments.create("faults");
        LocalCloudApi cloud = LocalCloudApi.ofKaraf();
        try {
            experiments.provision("faults", new ProvisionRequest(null, null, null, 1, Set.of("good")));
            cloud.put("/v1/knobs", Map.of("neverReachableRate", 1.0));
            experiments.provision("faults", new ProvisionRequest(null, null, null, 1, Set.of("unreachable")));
            cloud.put("/v1/knobs", Map.of("neverReachableRate", 0.0, "failureRate", 1.0));
            experiments.provision("faults", new ProvisionRequest(null, null, null, 1, Set.of("broken")));
            cloud.put("/v1/knobs", Map.of("failureRate", 0.0));

            // The good one is fine on its own.
            assertEquals(1, experiments.awaitReady("faults", Set.of("good"), Duration.ofSeconds(60), Progress.none()).size());
            try {
                experiments.awaitReady("faults", Set.of("unreachable"), Duration.ofSeconds(4), Progress.none());
                fail("an unreachable instance cannot become ready");
            } catch (NotReadyException e) {
                assertEquals(Set.of("faults-2"), e.notReady().keySet());
                assertContains("SSH", e.notReady().get("faults-2"));
                assertContains("not ready after", e.getMessage());
            }
            String message = shellError("exp:wait -e faults --timeout 30");
            assertContains("faults-3 (terminated: Server.InternalError", message);
            assertContains("faults-2 (running; SSH", message);
            assertFalse(message, message.contains("faults-1"));
        } finally {
            cloud.put("/v1/knobs", Map.of("failureRate", 0.0, "neverReachableRate", 0.0));
            experiments.destroy("faults");
        }
    }

    @Test
    public void aCancelledRunStopsTheRemoteCommands() throws Exception {
        experiments.create("cancel");
        try {
            experiments.provision("cancel", new ProvisionRequest(null, null, null, 3, Set.of()));
            experiments.awaitReady("cancel", Set.of(), Duration.ofSeconds(120), Progress.none());
            String marker = "sleep 97";
            java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    experiments.run("cancel", Set.of(), marker, null, true, Progress.none());
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            caller.start();
            assertTrue("the commands never started", waitFor(() -> remoteCommands(marker) == 3));
            caller.interrupt(); // what Ctrl-C does to a shell command
            caller.join(10_000);
            assertFalse(caller.isAlive());
            assertTrue(String.valueOf(outcome.get()), outcome.get() instanceof InterruptedException);
            assertTrue("cancelled commands still run on the instances", waitFor(() -> remoteCommands(marker) == 0));
        } finally {
            experiments.destroy("cancel");
        }
    }

    /** Commands running in the local cloud's sandboxes: processes of this machine ({@code sh -c COMMAND}). */
    private static long remoteCommands(String command) {
        return ProcessHandle.allProcesses()
                .filter(p -> java.util.Arrays.equals(p.info().arguments().orElse(null), new String[] {"-c", command}))
                .count();
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    @Test
    public void nothingIsLeftRunningAfterDeprovision() throws Exception {
        experiments.create("leftovers");
        LocalCloudApi cloud = LocalCloudApi.ofKaraf();
        List<Machine> instances = experiments.provision("leftovers", new ProvisionRequest(null, null, null, 2, Set.of()));
        experiments.awaitReady("leftovers", Set.of(), Duration.ofSeconds(120), Progress.none());
        instances = experiments.list("leftovers", Set.of());
        // A process the experiment left behind, detached from the SSH session.
        List<CommandResult> started = experiments.run("leftovers", Set.of(),
                "nohup sleep 600 >/dev/null 2>&1 & echo $!", null, true, Progress.none());
        List<Long> pids = new ArrayList<>();
        started.forEach(r -> pids.add(Long.parseLong(r.stdout().strip())));
        pids.forEach(pid -> assertTrue(ProcessHandle.of(pid).isPresent()));
        List<Path> dirs = new ArrayList<>();
        for (Machine i : instances) {
            dirs.add(Path.of(cloud.instance(i.cloudId()).path("dir").asText()));
        }
        dirs.forEach(d -> assertTrue(Files.isDirectory(d)));

        experiments.destroy("leftovers");

        for (Machine i : instances) {
            JsonNode reported = cloud.instance(i.cloudId());
            assertEquals("every instance carries its Nubis id on the cloud side", i.id(), reported.path("tags").path("nubis:node").asText());
            assertEquals("leftovers", reported.path("tags").path("nubis:experiment").asText());
            assertEquals("terminated", reported.path("state").asText());
            assertPortClosed(i.sshPort());
        }
        for (long pid : pids) {
            assertFalse("process " + pid + " outlived its instance", waitGone(pid));
        }
        dirs.forEach(d -> assertFalse(d + " still exists", Files.exists(d)));
    }

    private static boolean waitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 50 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void assertPortClosed(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            fail("port " + port + " still accepts connections");
        } catch (ConnectException expected) {
            // closed
        } catch (IOException e) {
            fail("unexpected " + e);
        }
    }

    @Test
    public void openSshClientsLogIntoASandboxWithTheNubisKey() throws Exception {
        String ssh = ExternalProgram.require("ssh");
        String sftp = ExternalProgram.require("sftp");
        experiments.create("openssh");
        try {
            experiments.provision("openssh", new ProvisionRequest(null, null, null, 1, Set.of()));
            Machine i = experiments.awaitReady("openssh", Set.of(), Duration.ofSeconds(120), Progress.none()).get(0);
            Path key = Path.of(System.getProperty("karaf.data"), "nubis", "ssh", "id_ed25519");
            Path knownHosts = Files.createTempFile("known_hosts", "");
            List<String> common = List.of("-i", key.toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                    "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=" + knownHosts);
            List<String> sshCmd = new ArrayList<>(List.of(ssh, "-p", String.valueOf(i.sshPort())));
            sshCmd.addAll(common);
            sshCmd.addAll(List.of(i.sshUser() + "@" + i.publicHost(), "echo via-openssh; pwd"));
            String out = runProgram(sshCmd, null);
            assertContains("via-openssh", out);

            Path upload = Files.createTempFile("sftp-up", ".txt");
            Files.writeString(upload, "sftp-payload");
            List<String> sftpCmd = new ArrayList<>(List.of(sftp, "-P", String.valueOf(i.sshPort())));
            sftpCmd.addAll(common);
            sftpCmd.addAll(List.of("-b", "-", i.sshUser() + "@" + i.publicHost()));
            runProgram(sftpCmd, "put " + upload + " from-sftp.txt\n");
            List<CommandResult> check = experiments.run("openssh", Set.of(), "cat from-sftp.txt", null, true, Progress.none());
            assertEquals("sftp-payload", check.get(0).stdout());
        } finally {
            experiments.destroy("openssh");
        }
    }

    @Test
    public void aRefusedKeyAndAChangedHostKeyAreClearPerHostErrors() throws Exception {
        experiments.create("keys");
        LocalCloudApi cloud = LocalCloudApi.ofKaraf();
        try {
            experiments.provision("keys", new ProvisionRequest(null, null, null, 2, Set.of()));
            List<Machine> ready = experiments.awaitReady("keys", Set.of(), Duration.ofSeconds(120), Progress.none());
            Path first = cloud.home().resolve("instances").resolve(ready.get(0).cloudId());
            Path second = cloud.home().resolve("instances").resolve(ready.get(1).cloudId());
            // The first instance now accepts only somebody else's key; the second presents the
            // first one's host key, as if it had been rebuilt. Both take effect when the cloud restarts.
            Files.writeString(first.resolve("authorized_keys"), SomeoneElsesKey.publicKeyLine() + "\n");
            Files.copy(first.resolve("host_key"), second.resolve("host_key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path launcher = Path.of(System.getProperty("karaf.home"), "bin", "nubis-localcloud");
            runProgram(List.of(launcher.toString(), "stop", "--home", cloud.home().toString()), null);

            // Nubis starts the local cloud again on its own, and reports each host's problem.
            List<CommandResult> results = experiments.run("keys", Set.of(), "true", null, false, Progress.none());
            assertContains("authentication failed for user " + ready.get(0).sshUser() + " with the Nubis key",
                    results.get(0).error());
            assertContains("host key of keys-2", results.get(1).error());
            assertContains("changed", results.get(1).error());
            String shown = shellError("exp:run -e keys true");
            assertContains("2 of 2 instances failed", shown);
        } finally {
            experiments.destroy("keys");
        }
    }

    private static String runProgram(List<String> command, String stdin) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes());
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue("timed out: " + command, p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(command + " said: " + out, 0, p.exitValue());
        return out;
    }
}
