package org.nubis.provider.ec2;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nubis.api.cloud.CloudSettings;

/**
 * The real local cloud (bundles/localcloud) with its EC2 face, run as a process of its own on a
 * fresh home. When the jar has no EC2 face yet (it does not start with --ec2-port, or writes no
 * ec2Port), the calling test fails with the reason.
 */
final class LocalCloudEc2Face implements AutoCloseable {

    static final String ACCESS_KEY_ID = "AKIDNUBISPROVIDERIT1";
    static final String SECRET = "providerItSecret0123456789abcdefghijklmnop";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path home;
    private final Process process;
    private final int apiPort;
    private final int ec2Port;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    private LocalCloudEc2Face(Path home, Process process, int apiPort, int ec2Port, String token) {
        this.home = home;
        this.process = process;
        this.apiPort = apiPort;
        this.ec2Port = ec2Port;
        this.token = token;
    }

    /** Starts the local cloud on {@code home}, or fails saying why it could not. */
    static LocalCloudEc2Face start(Path home) throws IOException, InterruptedException {
        Path jar = jar();
        if (jar == null || !Files.isRegularFile(jar)) {
            skip("no local cloud jar at " + jar + " (build bundles/localcloud, or set LOCALCLOUD_JAR)");
        }
        Files.createDirectories(home);
        Files.writeString(home.resolve("localcloud.properties"), "ec2Credentials = " + ACCESS_KEY_ID + ":" + SECRET + "\n");
        Path out = home.resolve("process.out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar.toString(), "--home", home.toString(), "--ec2-port", "0")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long apiSeenAt = 0;
        while (System.nanoTime() < deadline) {
            Map<String, Integer> info = info(home);
            if (info.getOrDefault("ec2Port", 0) > 0) {
                String token = Files.readString(home.resolve("token"), StandardCharsets.UTF_8).trim();
                return new LocalCloudEc2Face(home, p, info.get("apiPort"), info.get("ec2Port"), token);
            }
            if (!p.isAlive()) {
                skip("the local cloud jar has no EC2 face yet: it exited with " + p.exitValue() + " when given --ec2-port ("
                        + lastLine(out) + ")");
            }
            if (info.getOrDefault("apiPort", 0) > 0 && apiSeenAt == 0) {
                apiSeenAt = System.nanoTime();
            }
            if (apiSeenAt != 0 && System.nanoTime() - apiSeenAt > Duration.ofSeconds(3).toNanos()) {
                stop(p);
                skip("the local cloud jar has no EC2 face yet: localcloud.json has no ec2Port");
            }
            Thread.sleep(100);
        }
        stop(p);
        skip("the local cloud did not start within " + START_TIMEOUT.toSeconds() + " s (" + lastLine(out) + ")");
        return null;
    }

    private static Path jar() {
        String env = System.getenv("LOCALCLOUD_JAR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String prop = System.getProperty("nubis.localcloud.jar");
        return prop == null ? null : Path.of(prop);
    }

    /** The face is our own code, built before this module: missing, it is a failure, not a reason to skip. */
    private static void skip(String reason) {
        throw new IllegalStateException("the EC2 face of the local cloud is needed: " + reason);
    }

    private static Map<String, Integer> info(Path home) {
        Map<String, Integer> out = new HashMap<>();
        try {
            String json = Files.readString(home.resolve("localcloud.json"), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\\d+)").matcher(json);
            while (m.find()) {
                out.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        } catch (IOException | RuntimeException e) {
            // not written yet
        }
        return out;
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "no output";
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + ec2Port);
    }

    /** Settings of an {@code ec2} cloud on this face, with the given ones on top. */
    CloudSettings settings(String name, String... keysAndValues) {
        Map<String, String> m = new HashMap<>(Map.of("name", name, "type", "ec2", "region", "us-east-1",
                "endpoint", endpoint().toString(), "accessKeyId", ACCESS_KEY_ID, "secretAccessKey", SECRET,
                "image", "ami-sandbox", "instanceType", "t3.micro", "requestTimeoutSeconds", "20"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new CloudSettings(name, "ec2", m);
    }

    /** PUT /v1/knobs of the native API, e.g. {@code "{\"ec2ThrottleRate\": 0.2}"}. */
    void knobs(String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/v1/knobs"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PUT /v1/knobs " + json + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    @Override
    public void close() {
        try {
            stop(process);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "local cloud EC2 face at " + endpoint() + " (home " + home + ")";
    }
}
