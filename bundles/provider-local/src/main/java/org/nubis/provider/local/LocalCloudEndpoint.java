package org.nubis.provider.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a running local cloud answers, as it wrote down in its home directory. */
record LocalCloudEndpoint(long pid, int apiPort, String token) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The endpoint the files in {@code home} describe, if they exist and their process lives. */
    static Optional<LocalCloudEndpoint> read(Path home) {
        Path state = home.resolve("localcloud.json");
        Path token = home.resolve("token");
        if (!Files.isRegularFile(state) || !Files.isRegularFile(token)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(state.toFile());
            long pid = node.path("pid").asLong(-1);
            int port = node.path("apiPort").asInt(0);
            String secret = Files.readString(token, StandardCharsets.UTF_8).trim();
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive || port <= 0 || secret.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new LocalCloudEndpoint(pid, port, secret));
        } catch (IOException e) {
            // Half-written by a process that is starting right now: treat as not there yet.
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "LocalCloudEndpoint[pid=" + pid + ", apiPort=" + apiPort + "]";
    }
}
