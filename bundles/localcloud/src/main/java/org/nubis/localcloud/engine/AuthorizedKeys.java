package org.nubis.localcloud.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** The public keys a sandbox accepts: the ones given at launch, kept in an OpenSSH authorized_keys file. */
final class AuthorizedKeys {

    private final List<PublicKey> keys;

    private AuthorizedKeys(List<PublicKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Parses one OpenSSH public key line; throws IllegalArgumentException saying what is wrong. */
    static PublicKey parse(String line) {
        String trimmed = line == null ? "" : line.trim();
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(trimmed);
            if (entry == null) {
                throw new IllegalArgumentException("empty");
            }
            PublicKey key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            if (key == null) {
                throw new IllegalArgumentException("unsupported key type");
            }
            return key;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static void write(Path file, List<String> lines) throws IOException {
        List<String> trimmed = lines.stream().map(String::trim).toList();
        Files.write(file, trimmed);
    }

    static AuthorizedKeys read(Path file) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    keys.add(parse(line));
                }
            }
        }
        return new AuthorizedKeys(keys);
    }

    boolean accepts(PublicKey key) {
        for (PublicKey authorized : keys) {
            if (KeyUtils.compareKeys(authorized, key)) {
                return true;
            }
        }
        return false;
    }
}
