package org.nubis.ssh.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.nubis.api.ssh.HostKeyPins;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Host keys trusted on first use, one per target id, in {@code keyDir/pinned_host_keys}
 * ({@code <id> <key type> <base64>} per line; the id is URL-encoded). Pinned per id rather than
 * per address because a local cloud hands the same port to the next instance.
 * Also registered under its own class for the engine in this bundle, which records new pins.
 */
@Component(service = {HostKeyPins.class, PinnedHostKeys.class}, configurationPid = SshConfig.PID)
public final class PinnedHostKeys implements HostKeyPins {

    static final String FILE_NAME = "pinned_host_keys";

    private final Path file;
    private final Map<String, String> pins = new TreeMap<>();
    /** What the file looked like when last read, so that a hand edit is picked up. */
    private Object readVersion;

    @Activate
    public PinnedHostKeys(SshConfig config) {
        this(SshSettings.keyDir(config.keyDir()));
    }

    public PinnedHostKeys(Path keyDir) {
        this.file = keyDir.toAbsolutePath().resolve(FILE_NAME);
    }

    @Override
    public synchronized Optional<String> pinned(String targetId) {
        refresh();
        return Optional.ofNullable(pins.get(targetId));
    }

    /**
     * Pins {@code keyLine} ({@code type base64}) for the target unless it has a pin already.
     *
     * @return the key pinned before, or empty if {@code keyLine} is now pinned
     */
    synchronized Optional<String> pinIfAbsent(String targetId, String keyLine) {
        Objects.requireNonNull(targetId, "targetId");
        refresh();
        String earlier = pins.get(targetId);
        if (earlier != null) {
            return Optional.of(earlier);
        }
        pins.put(targetId, keyLine);
        save();
        return Optional.empty();
    }

    /** Drops the target's pin; the next connection pins whatever key the host shows. */
    synchronized void forget(String targetId) {
        refresh();
        if (pins.remove(targetId) != null) {
            save();
        }
    }

    /** OpenSSH's form of a key fingerprint, {@code SHA256:<base64 without padding>}. */
    static String fingerprint(String keyLine) {
        String[] parts = keyLine.trim().split("\\s+");
        byte[] blob = Base64.getDecoder().decode(parts.length > 1 ? parts[1] : parts[0]);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private void refresh() {
        try {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException none) {
                pins.clear();
                readVersion = null;
                return;
            }
            Object version = attributes.lastModifiedTime() + "/" + attributes.size() + "/" + attributes.fileKey();
            if (version.equals(readVersion)) {
                return;
            }
            pins.clear();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+", 2);
                if (parts.length == 2) {
                    pins.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), parts[1].trim());
                }
            }
            readVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pinned host keys " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        StringBuilder text = new StringBuilder(
                "# Host keys Nubis trusted on first use, per instance id. Delete a line to trust a new key.\n");
        pins.forEach((id, key) -> text.append(URLEncoder.encode(id, StandardCharsets.UTF_8))
                .append(' ').append(key).append('\n'));
        try {
            KeyFiles.createPrivateDirectories(file.getParent());
            KeyFiles.replaceAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8), false);
            readVersion = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pinned host keys " + file + ": " + e.getMessage(), e);
        }
    }
}
