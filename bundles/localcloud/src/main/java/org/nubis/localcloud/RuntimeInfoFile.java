package org.nubis.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code HOME/localcloud.json}: how clients find a running local cloud (pid, API ports, version). */
final class RuntimeInfoFile {

    static final String FILE_NAME = "localcloud.json";

    private RuntimeInfoFile() {
    }

    /** Written atomically, so a client never reads half a file. */
    static void write(Path home, long pid, int apiPort, int ec2Port, String version) throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("pid", pid);
        info.put("apiPort", apiPort);
        info.put("version", version);
        info.put("ec2Port", ec2Port);
        Path temp = home.resolve(FILE_NAME + ".tmp");
        Files.write(temp, new ObjectMapper().writeValueAsBytes(info));
        Files.move(temp, home.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removed on a clean exit, so that a stale file does not point at a dead (or reused) pid. */
    static void delete(Path home) {
        try {
            Files.deleteIfExists(home.resolve(FILE_NAME));
        } catch (IOException e) {
            // Clients check that the pid is alive anyway.
        }
    }
}
