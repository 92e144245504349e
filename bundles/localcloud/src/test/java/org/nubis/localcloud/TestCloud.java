package org.nubis.localcloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** A local cloud started in-process on a test's home directory. */
final class TestCloud implements AutoCloseable {

    static {
        // pty4j and JNA take their native folder once per JVM; the first test home would be deleted
        // under them, so give the whole test JVM one folder in target/.
        Path natives = Path.of("target", "test-native").toAbsolutePath();
        try {
            Files.createDirectories(natives.resolve("jna"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.setProperty("pty4j.tmpdir", natives.toString());
        System.setProperty("jna.tmpdir", natives.resolve("jna").toString());
    }

    final Path home;
    LocalCloud cloud;
    ApiClient api;

    private TestCloud(Path home) {
        this.home = home;
    }

    /** @param properties lines for localcloud.properties, e.g. "bootDelayMs=0" */
    static TestCloud start(Path home, String... properties) throws IOException {
        Files.createDirectories(home);
        if (properties.length > 0) {
            Files.write(home.resolve("localcloud.properties"), Arrays.asList(properties));
        }
        TestCloud test = new TestCloud(home);
        test.open();
        return test;
    }

    /** Shuts down (as on SIGTERM) and starts again on the same home. */
    void restart() throws IOException {
        cloud.close();
        open();
    }

    private void open() throws IOException {
        cloud = LocalCloud.start(home, 0);
        api = new ApiClient(cloud.apiPort(), cloud.token());
    }

    static Map<String, Object> launchBody(int count, TestKeys keys, Map<String, String> tags) {
        return Map.of("count", count, "tags", tags, "publicKeys", java.util.List.of(keys.publicLine()));
    }

    @Override
    public void close() {
        if (cloud != null) {
            cloud.close();
        }
    }
}
