package org.nubis.localcloud.ec2api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access keys the EC2 face accepts: those of the {@code ec2Credentials} property
 * ({@code AKID:SECRET[,AKID2:SECRET2]}), or else one pair made at the first start and kept in
 * {@code HOME/ec2-credentials} (mode 0600), which is also a valid AWS shared credentials file.
 * Secrets never appear in {@link #toString()} or in logs.
 */
public final class Ec2Credentials {

    public static final String FILE_NAME = "ec2-credentials";
    private static final String KEY_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final Map<String, String> secrets;

    private Ec2Credentials(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /** The configured keys if {@code configured} is non-blank, else those of HOME/ec2-credentials (made if missing). */
    public static Ec2Credentials loadOrCreate(Path home, String configured) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return parse(configured);
        }
        Path file = home.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            create(home, file);
        }
        return read(file);
    }

    /** Parses {@code AKID:SECRET[,AKID2:SECRET2]}; the message of a failure never shows a secret. */
    static Ec2Credentials parse(String spec) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        int position = 0;
        for (String pair : spec.split(",")) {
            position++;
            String trimmed = pair.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IOException("ec2Credentials: entry " + position + " is not ACCESS_KEY_ID:SECRET_ACCESS_KEY");
            }
            secrets.put(trimmed.substring(0, colon).trim(), trimmed.substring(colon + 1).trim());
        }
        return new Ec2Credentials(secrets);
    }

    /** The secret of an access key id, or null if the key is unknown. */
    String secretOf(String accessKeyId) {
        return accessKeyId == null ? null : secrets.get(accessKeyId);
    }

    public List<String> accessKeyIds() {
        return List.copyOf(secrets.keySet());
    }

    private static Ec2Credentials read(Path file) throws IOException {
        String keyId = null;
        String secret = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (name.equals("aws_access_key_id") && keyId == null) {
                keyId = value;
            } else if (name.equals("aws_secret_access_key") && secret == null) {
                secret = value;
            }
        }
        if (keyId == null || keyId.isEmpty() || secret == null || secret.isEmpty()) {
            throw new IOException(file + " lacks aws_access_key_id or aws_secret_access_key; "
                    + "delete it and a new pair is made at the next start");
        }
        return new Ec2Credentials(Map.of(keyId, secret));
    }

    private static void create(Path home, Path file) throws IOException {
        SecureRandom random = new SecureRandom();
        String keyId = "AKIA" + randomText(random, KEY_ID_CHARS, 16);
        String secret = randomText(random, SECRET_CHARS, 40);
        String text = "# Access key of the local cloud's EC2 API; usable as an AWS shared credentials file.\n"
                + "[default]\n"
                + "aws_access_key_id = " + keyId + "\n"
                + "aws_secret_access_key = " + secret + "\n";
        Path temp = home.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        // Created with 0600 from the start, so the secret is never readable by others, even briefly.
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.move(temp, file);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temp);
        }
    }

    private static String randomText(SecureRandom random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "Ec2Credentials" + secrets.keySet();
    }
}
