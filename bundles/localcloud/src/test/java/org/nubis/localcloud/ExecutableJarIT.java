package org.nubis.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: the shaded jar started by bin/nubis-localcloud as its own process. Checks start/status/stop,
 * the single-instance lock, ed25519 keys inside the shaded jar, and instances coming back after a restart.
 */
class ExecutableJarIT {

    record Run(int exitCode, String output) {
    }

    @TempDir
    Path home;
    @TempDir
    Path outputs;

    @Test
    void scriptStartsStopsAndRestartsTheJar() throws Exception {
        TestKeys keys = TestKeys.generate();
        Run started = script("start");
        assertEquals(0, started.exitCode(), started.output());
        assertTrue(started.output().contains("local cloud started: pid"), started.output());
        try {
            JsonNode info = ApiClient.JSON.readTree(home.resolve("localcloud.json").toFile());
            long pid = info.path("pid").asLong();
            assertTrue(info.path("ec2Port").asInt() > 0, info.toString());
            ApiClient api = new ApiClient(info.path("apiPort").asInt(), Files.readString(home.resolve("token")).trim());
            assertEquals(pid, api.get("/v1/info").json().path("pid").asLong());

            String id = api.launch(TestCloud.launchBody(1, keys, Map.of("test", "jar"))).get(0).path("id").asText();
            JsonNode instance = api.awaitState(id, "running");
            try (MinaSsh ssh = new MinaSsh()) {
                MinaSsh.Result result = ssh.exec(instance.path("sshPort").asInt(), keys, "echo \"$HOME\"");
                assertEquals(instance.path("dir").asText() + "\n", result.stdout());
                assertEquals(instance.path("hostKey").asText(), result.hostKey());
            }

            assertEquals(0, script("status").exitCode());
            Run second = run(List.of(java(), "-jar", jar(), "--home", home.toString()));
            assertEquals(1, second.exitCode(), second.output());
            assertTrue(second.output().contains("pid " + pid), second.output());

            Run stopped = script("stop");
            assertEquals(0, stopped.exitCode(), stopped.output());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(3, script("status").exitCode());

            assertEquals(0, script("start").exitCode());
            JsonNode again = ApiClient.JSON.readTree(home.resolve("localcloud.json").toFile());
            ApiClient api2 = new ApiClient(again.path("apiPort").asInt(), Files.readString(home.resolve("token")).trim());
            JsonNode back = api2.instance(id);
            assertEquals("running", back.path("state").asText());
            try (MinaSsh ssh = new MinaSsh()) {
                MinaSsh.Result result = ssh.exec(back.path("sshPort").asInt(), keys, "true");
                assertEquals(0, result.exitStatus());
                assertEquals(instance.path("hostKey").asText(), result.hostKey());
            }
        } finally {
            Run stopped = script("stop");
            assertEquals(0, stopped.exitCode(), stopped.output());
        }
        assertTrue(Files.readString(home.resolve("localcloud.log")).contains("shutting down"));
    }

    private Run script(String command) throws Exception {
        return run(List.of("sh", System.getProperty("localcloud.script"), "--home", home.toString(), command));
    }

    private static String jar() {
        return System.getProperty("localcloud.jar");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Run run(List<String> argv) throws Exception {
        Path output = Files.createTempFile(outputs, "run", ".txt");
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(new File("/dev/null")).redirectOutput(output.toFile());
        builder.environment().put("LOCALCLOUD_JAR", jar());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("LOCALCLOUD_OPTS", "-Xmx256m");
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(argv + " did not finish: " + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
