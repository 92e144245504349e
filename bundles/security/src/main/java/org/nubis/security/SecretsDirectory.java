package org.nubis.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The directory that holds this installation's secrets: readable by its owner only, files
 * created once and never rewritten (two components starting at once agree on one key).
 */
final class SecretsDirectory {

    static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;

    SecretsDirectory(Path dir) {
        this.dir = dir;
    }

    static SecretsDirectory of(SecurityConfig config) {
        String configured = config.secretsDir().trim();
        if (!configured.isEmpty()) {
            return new SecretsDirectory(Path.of(configured));
        }
        String etc = System.getProperty("karaf.etc", System.getProperty("user.home") + "/.nubis");
        return new SecretsDirectory(Path.of(etc, "nubis", "secrets"));
    }

    Path path() {
        return dir;
    }

    /** A random key kept in the named file, made on first use. */
    byte[] key(String name, int bytes) {
        byte[] fresh = new byte[bytes];
        RANDOM.nextBytes(fresh);
        String text = readOrCreate(name, Base64.getEncoder().encodeToString(fresh));
        byte[] key = Base64.getDecoder().decode(text.trim());
        if (key.length != bytes) {
            throw new IllegalStateException("secret file " + dir.resolve(name) + " holds " + key.length
                    + " bytes, not " + bytes + "; restore it from a backup (deleting it loses what it protects)");
        }
        return key;
    }

    /** The file's text; when it does not exist, creates it (owner-only) with the given text. */
    String readOrCreate(String name, String textIfNew) {
        Path file = dir.resolve(name);
        try {
            createDir();
            if (!Files.exists(file)) {
                try {
                    writeNew(file, textIfNew);
                } catch (FileAlreadyExistsException raced) {
                    // another component made it first: use theirs
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret file " + file, e);
        }
    }

    /** Writes a new owner-only file; fails if it exists. */
    void writeNew(Path file, String text) throws IOException {
        createDir();
        Path tmp = Files.createTempFile(dir, ".new-", ".tmp");
        try {
            ownerOnly(tmp, "rw-------");
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            // a link is atomic and fails when the target exists: never two different keys
            Files.createLink(file, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void createDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            ownerOnly(dir, "rwx------");
        }
    }

    private static void ownerOnly(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing finer to set
        }
    }

    /** A key for one purpose from the master key (HMAC as a KDF), so no two uses share a key. */
    static byte[] derive(byte[] master, String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
