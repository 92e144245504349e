package org.nubis.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSSH's ssh against one sandbox, with the test's key, the sandbox's host key pinned in a known_hosts file and no
 * user configuration (-F /dev/null); optionally through a ControlMaster on a control socket in {@code dir}.
 */
final class OpenSsh {

    private static final Pattern MASTER_PID = Pattern.compile("pid=(\\d+)");

    private final int port;
    private final String instanceDir;
    private final Path controlPath;
    private final List<String> options;

    private OpenSsh(int port, String instanceDir, Path controlPath, List<String> options) {
        this.port = port;
        this.instanceDir = instanceDir;
        this.controlPath = controlPath;
        this.options = options;
    }

    /** @param dir a short directory (a control socket path must stay under ~100 bytes) */
    static OpenSsh forInstance(Path dir, TestKeys keys, JsonNode instance) throws IOException {
        return forInstance(dir, keys.writePrivateKey(dir.resolve("id_ed25519")), instance.path("sshPort").asInt(),
                instance.path("hostKey").asText(), instance.path("dir").asText());
    }

    static OpenSsh forInstance(Path dir, Path privateKey, int port, String hostKey, String instanceDir)
            throws IOException {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + hostKey + "\n");
        Path controlPath = dir.resolve("ctl");
        List<String> options = List.of("-F", "/dev/null", "-i", privateKey.toString(), "-o", "IdentitiesOnly=yes",
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "LogLevel=ERROR",
                "-o", "ControlPath=" + controlPath, "-p", Integer.toString(port));
        return new OpenSsh(port, instanceDir, controlPath, options);
    }

    int port() {
        return port;
    }

    String instanceDir() {
        return instanceDir;
    }

    /** The argv of one ssh run of {@code command}, with extra options before the destination. */
    List<String> command(List<String> extra, String command) {
        List<String> argv = new ArrayList<>(List.of("ssh"));
        argv.addAll(options);
        argv.addAll(extra);
        argv.addAll(List.of("someone@127.0.0.1", command));
        return argv;
    }

    /** Starts a ControlMaster that stays in the background (-f) until {@link #stopMaster}; returns its pid. */
    long startMaster() throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ssh"));
        argv.addAll(options);
        argv.addAll(List.of("-M", "-o", "ControlPersist=yes", "-N", "-f", "someone@127.0.0.1"));
        Result started = run(argv);
        if (started.exitCode() != 0) {
            throw new AssertionError("the ControlMaster did not start: " + started.output());
        }
        return masterPid();
    }

    /** The pid the master reports ({@code ssh -O check}); fails when no master answers. */
    long masterPid() throws IOException, InterruptedException {
        Result check = control("check");
        Matcher pid = MASTER_PID.matcher(check.output());
        if (check.exitCode() != 0 || !pid.find()) {
            throw new AssertionError("no ControlMaster answers on " + controlPath + ": " + check.output());
        }
        return Long.parseLong(pid.group(1));
    }

    void stopMaster() throws IOException, InterruptedException {
        if (Files.exists(controlPath)) {
            control("exit");
        }
    }

    private Result control(String operation) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ssh"));
        argv.addAll(options);
        argv.addAll(List.of("-O", operation, "someone@127.0.0.1"));
        return run(argv);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> argv) throws IOException, InterruptedException {
        // A file, not a pipe: the master's background half must hold nothing the test waits on.
        Path output = Files.createTempFile("openssh", ".txt");
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(new File("/dev/null")).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(argv + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
