package org.nubis.localcloud.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where one instance's files live: {@code HOME/instances/ID/}. Everything the local cloud keeps about the
 * instance (metadata, host key, authorized keys, console log, user data) sits beside the sandbox directory,
 * not inside it, so that nothing done in the sandbox can change or delete it.
 */
public record InstanceFiles(Path dir) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Path meta() {
        return dir.resolve("meta.json");
    }

    public Path hostKey() {
        return dir.resolve("host_key");
    }

    public Path authorizedKeys() {
        return dir.resolve("authorized_keys");
    }

    public Path console() {
        return dir.resolve("console.log");
    }

    public Path userData() {
        return dir.resolve("user-data");
    }

    public Path sandbox() {
        return dir.resolve("sandbox");
    }

    /** Writes meta.json atomically, so that a crash leaves the old or the new version, never half of one. */
    void writeMeta(InstanceRecord record) {
        try {
            Path temp = dir.resolve("meta.json.tmp");
            Files.write(temp, JSON.writeValueAsBytes(record));
            Files.move(temp, meta(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + meta(), e);
        }
    }

    InstanceRecord readMeta() throws IOException {
        return JSON.readValue(meta().toFile(), InstanceRecord.class);
    }

    void deleteSandbox() throws IOException {
        deleteTree(sandbox());
    }

    void deleteAll() throws IOException {
        deleteTree(dir);
    }

    /** Deletes a tree without following symbolic links out of it. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attrs) {
                // A sandbox may have made a directory unreadable; make it ours again before descending.
                directory.toFile().setReadable(true, true);
                directory.toFile().setWritable(true, true);
                directory.toFile().setExecutable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
