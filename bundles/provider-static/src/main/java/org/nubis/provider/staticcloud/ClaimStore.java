package org.nubis.provider.staticcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nubis.api.CloudException;

/**
 * The claims of one static cloud in a JSON file. Every change rewrites the whole file through a
 * temporary file in the same directory, flushed to disk and then moved over the old one, so a
 * crash leaves either the old claims or the new ones, never half a file.
 */
final class ClaimStore {

    /** One claimed host: what Nubis tagged it with, and when. */
    record Claim(String id, String host, int port, String user, Instant claimedAt, Map<String, String> tags) {
        Claim {
            tags = Map.copyOf(tags);
        }

        Claim withTags(Map<String, String> newTags) {
            return new Claim(id, host, port, user, claimedAt, newTags);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    ClaimStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The claims by id; none when the file does not exist yet. */
    Map<String, Claim> load() {
        Map<String, Claim> claims = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return claims;
        } catch (IOException e) {
            throw new CloudException("cannot read the claims of static hosts from " + file
                    + " (fix or remove the file; removing it frees every host): " + e.getMessage(), e);
        }
        for (JsonNode c : root.path("claims")) {
            Map<String, String> tags = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("tags").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> t = it.next();
                tags.put(t.getKey(), t.getValue().asText());
            }
            String claimedAt = c.path("claimedAt").asText(null);
            Claim claim = new Claim(c.path("id").asText(), c.path("host").asText(), c.path("port").asInt(22),
                    c.path("user").asText(null), claimedAt == null ? null : Instant.parse(claimedAt), tags);
            claims.put(claim.id(), claim);
        }
        return claims;
    }

    /** Replaces the file's content with these claims, atomically. */
    void save(Collection<Claim> claims) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("claims");
        for (Claim c : claims) {
            ObjectNode n = list.addObject();
            n.put("id", c.id());
            n.put("host", c.host());
            n.put("port", c.port());
            n.put("user", c.user());
            n.put("claimedAt", c.claimedAt() == null ? null : c.claimedAt().toString());
            ObjectNode tags = n.putObject("tags");
            c.tags().forEach(tags::put);
        }
        Path temp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new CloudException("cannot write the claims of static hosts to " + file + ": " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a stray *.tmp file does no harm
                }
            }
        }
    }
}
