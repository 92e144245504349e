package org.nubis.localcloud.nativeapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The bearer token of the native API: random, created once in {@code HOME/token} with mode 0600. */
public final class ApiToken {

    public static final String FILE_NAME = "token";

    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    public static ApiToken loadOrCreate(Path home) throws IOException {
        Path file = home.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            Path temp = home.resolve(FILE_NAME + ".tmp");
            Files.deleteIfExists(temp);
            // Created with 0600 from the start, so the token is never readable by others, even briefly.
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(temp, file);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(temp);
            }
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (token.isEmpty()) {
            throw new IOException(file + " is empty; delete it and a new token is made at the next start");
        }
        return new ApiToken(token);
    }

    public String value() {
        return value;
    }

    /** Whether an Authorization header carries this token (compared in constant time). */
    boolean acceptsHeader(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, value.getBytes(StandardCharsets.US_ASCII));
    }
}
