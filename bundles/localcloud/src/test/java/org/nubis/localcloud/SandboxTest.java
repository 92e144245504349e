package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sandboxes over SSH with a MINA client: exec, user data, restart, stop/start, terminate. */
class SandboxTest {

    @TempDir
    Path home;
    TestCloud test;
    MinaSsh ssh;
    final TestKeys keys = TestKeys.generate();

    @BeforeEach
    void start() throws Exception {
        test = TestCloud.start(home);
        ssh = new MinaSsh();
    }

    @AfterEach
    void stop() {
        ssh.close();
        test.close();
    }

    private JsonNode launchOne(Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(TestCloud.launchBody(1, keys, Map.of("test", "sandbox")));
        body.putAll(extra);
        String id = test.api.launch(body).get(0).path("id").asText();
        return test.api.awaitState(id, "running");
    }

    @Test
    void aSignalRequestStopsTheCommandAndItsChildren() throws Exception {
        JsonNode instance = launchOne(Map.of());
        long start = System.nanoTime();
        int status = ssh.signalled(instance.path("sshPort").asInt(), keys, "sleep 60; echo not-reached", "TERM");
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "the command ran on after TERM");
        assertEquals(128 + 15, status);
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 60; echo not-reached")));
    }

    @Test
    void execReportsExitStatusStdoutAndStderr() throws Exception {
        JsonNode instance = launchOne(Map.of());
        int port = instance.path("sshPort").asInt();
        MinaSsh.Result result = ssh.exec(port, keys, "echo out; echo err >&2; pwd; echo \"$HOME\"; exit 7");
        assertEquals(7, result.exitStatus());
        String dir = instance.path("dir").asText();
        assertEquals("out\n" + dir + "\n" + dir + "\n", result.stdout());
        assertEquals("err\n", result.stderr());
        assertEquals(instance.path("hostKey").asText(), result.hostKey());

        MinaSsh.Result cat = ssh.exec(port, keys, "cat; echo done", "line one\nline two\n");
        assertEquals(0, cat.exitStatus());
        assertEquals("line one\nline two\ndone\n", cat.stdout());
    }

    @Test
    void onlyTheLaunchKeyIsAccepted() throws Exception {
        int port = launchOne(Map.of()).path("sshPort").asInt();
        assertThrows(IOException.class, () -> ssh.exec(port, TestKeys.generate(), "true"));
    }

    @Test
    void userDataRunsOnceAndFillsTheConsole() throws Exception {
        JsonNode instance = launchOne(Map.of("userData", "#!/bin/sh\necho booted-$(cat count 2>/dev/null)\necho x >> count\n"));
        String id = instance.path("id").asText();
        String console = awaitConsole(id, "user data exited with status 0");
        assertTrue(console.contains("booted-\n"), console);
        assertEquals("x\n", ssh.exec(instance.path("sshPort").asInt(), keys, "cat count").stdout());

        // Not again after a restart of the local cloud, nor after stop/start.
        test.restart();
        test.api.awaitState(id, "running");
        test.api.post("/v1/instances/stop", Map.of("ids", List.of(id)));
        test.api.awaitState(id, "stopped");
        test.api.post("/v1/instances/start", Map.of("ids", List.of(id)));
        JsonNode again = test.api.awaitState(id, "running");
        assertEquals("x\n", ssh.exec(again.path("sshPort").asInt(), keys, "cat count").stdout());
        assertEquals(1, countOf(test.api.get("/v1/instances/" + id + "/console").body(), "booted-"));
    }

    @Test
    void userDataWithoutShebangIsNotRun() throws Exception {
        JsonNode instance = launchOne(Map.of("userData", "echo hi > ran\n"));
        int port = instance.path("sshPort").asInt();
        assertEquals("no\n", ssh.exec(port, keys, "test -e ran && echo yes || echo no").stdout());
        assertEquals("", test.api.get("/v1/instances/" + instance.path("id").asText() + "/console").body());
    }

    @Test
    void instancesSurviveARestartWithPortAndHostKey() throws Exception {
        JsonNode before = launchOne(Map.of());
        String id = before.path("id").asText();
        int port = before.path("sshPort").asInt();
        ssh.exec(port, keys, "echo kept > file");

        test.restart();
        JsonNode after = test.api.instance(id);
        assertEquals("running", after.path("state").asText());
        assertEquals(port, after.path("sshPort").asInt());
        MinaSsh.Result result = ssh.exec(port, keys, "cat file");
        assertEquals("kept\n", result.stdout());
        assertEquals(before.path("hostKey").asText(), result.hostKey());
    }

    @Test
    void stopKillsProcessesAndStartBringsTheSandboxBack() throws Exception {
        JsonNode instance = launchOne(Map.of());
        String id = instance.path("id").asText();
        int port = instance.path("sshPort").asInt();
        long pid = Long.parseLong(ssh.exec(port, keys, "sleep 300 > /dev/null 2>&1 & echo $!").stdout().trim());
        assertTrue(TestProcesses.isRunning(pid));

        test.api.post("/v1/instances/stop", Map.of("ids", List.of(id)));
        test.api.awaitState(id, "stopped");
        assertFalse(TestProcesses.isRunning(pid));
        assertThrows(ConnectException.class, () -> connect(port));

        test.api.post("/v1/instances/start", Map.of("ids", List.of(id)));
        JsonNode running = test.api.awaitState(id, "running");
        assertEquals(0, ssh.exec(running.path("sshPort").asInt(), keys, "true").exitStatus());
    }

    /** As a machine that shuts down: TERM first (a process may clean up), KILL only for what is still there. */
    @Test
    void stopAsksProcessesToEndBeforeKillingThem() throws Exception {
        JsonNode instance = launchOne(Map.of());
        String id = instance.path("id").asText();
        Path dir = Path.of(instance.path("dir").asText());
        ssh.exec(instance.path("sshPort").asInt(), keys,
                "nohup sh -c \"trap 'echo bye > said-bye; exit 0' TERM; touch ready; sleep 300 & wait\""
                        + " > /dev/null 2>&1 & while [ ! -e ready ]; do sleep 0.05; done");
        test.api.post("/v1/instances/stop", Map.of("ids", List.of(id)));
        test.api.awaitState(id, "stopped");
        assertEquals("bye\n", Files.readString(dir.resolve("said-bye")));
    }

    @Test
    void terminateKillsProcessesFreesThePortAndRemovesTheDirectory() throws Exception {
        JsonNode instance = launchOne(Map.of());
        String id = instance.path("id").asText();
        int port = instance.path("sshPort").asInt();
        Path dir = Path.of(instance.path("dir").asText());
        // One child of the command, one that left the process tree (double fork via a subshell).
        String pids = ssh.exec(port, keys,
                "sleep 300 > /dev/null 2>&1 & echo $!; (setsid sleep 301 > /dev/null 2>&1 & echo $!)").stdout();
        List<Long> sleeping = pids.lines().map(String::trim).map(Long::parseLong).toList();
        assertEquals(2, sleeping.size());

        JsonNode terminated = test.api.post("/v1/instances/terminate", Map.of("ids", List.of(id))).instances().get(0);
        assertEquals("terminated", terminated.path("state").asText());
        for (long pid : sleeping) {
            assertFalse(TestProcesses.isRunning(pid), "pid " + pid + " survived");
        }
        assertFalse(Files.exists(dir));
        assertThrows(ConnectException.class, () -> connect(port));
        assertEquals("terminated", test.api.instance(id).path("state").asText());
    }

    private String awaitConsole(String id, String marker) {
        for (int i = 0; i < 1200; i++) {
            String console = test.api.get("/v1/instances/" + id + "/console").body();
            if (console.contains(marker)) {
                return console;
            }
            ApiClient.pause();
        }
        throw new AssertionError("console of " + id + " never showed '" + marker + "'");
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        }
    }
}
