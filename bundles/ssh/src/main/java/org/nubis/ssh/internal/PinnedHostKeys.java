package org.nubis.ssh.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
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
 *
 * <p>A new pin is appended to the file, and a forgotten one gets a line {@code <id> -}; a later
 * line for an id wins. The file is rewritten without the lines that no longer count once they
 * outnumber the pins. Rewriting the whole file (and reading it back) for every pin made the first
 * connections to 2,000 new instances quadratic: most of a readiness wait's CPU.
 */
@Component(service = {HostKeyPins.class, PinnedHostKeys.class}, configurationPid = SshConfig.PID)
public final class PinnedHostKeys implements HostKeyPins {

    static final String FILE_NAME = "pinned_host_keys";
    private static final String HEADER =
            "# Host keys Nubis trusted on first use, per instance id. Delete a line to trust a new key.\n";
    private static final String FORGOTTEN = "-";

    private final Path file;
    private final Map<String, String> pins = new HashMap<>();
    /** Lines in the file that say something (pins, forgotten pins), superseded ones included. */
    private int lines;
    /** What the file looked like when last read or written here, so that a hand edit is picked up. */
    private Object readVersion;
    /** Appends so far, and those known to be on disk: a pin is durable before it is trusted. */
    private long appended;
    private final Object syncing = new Object();
    private long synced;

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
    Optional<String> pinIfAbsent(String targetId, String keyLine) {
        Objects.requireNonNull(targetId, "targetId");
        long append;
        synchronized (this) {
            refresh();
            String earlier = pins.get(targetId);
            if (earlier != null) {
                return Optional.of(earlier);
            }
            pins.put(targetId, keyLine);
            append = append(targetId, keyLine);
        }
        sync(append);
        return Optional.empty();
    }

    /**
     * Drops the target's pin; the next connection pins whatever key the host shows. Not synced to
     * disk at once (a deprovision forgets every instance): lost in a crash, the old pin stays, and
     * instance ids are never reused.
     */
    synchronized void forget(String targetId) {
        refresh();
        if (pins.remove(targetId) != null) {
            append(targetId, FORGOTTEN);
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
            Object version = version();
            if (version == null) {
                pins.clear();
                lines = 0;
                readVersion = null;
                return;
            }
            if (version.equals(readVersion)) {
                return;
            }
            pins.clear();
            lines = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+", 2);
                if (parts.length == 2) {
                    lines++;
                    String id = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                    String key = parts[1].trim();
                    if (key.equals(FORGOTTEN)) {
                        pins.remove(id);
                    } else {
                        pins.put(id, key);
                    }
                }
            }
            readVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pinned host keys " + file + ": " + e.getMessage(), e);
        }
    }

    /** Size, time and inode of the file, or null when there is none. */
    private Object version() throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.lastModifiedTime() + "/" + attributes.size() + "/" + attributes.fileKey();
        } catch (NoSuchFileException none) {
            return null;
        }
    }

    /** Appends a line (or rewrites the file when most of its lines no longer count); returns its number. */
    private long append(String targetId, String keyOrForgotten) {
        try {
            if (lines >= 64 && lines >= 2 * pins.size()) {
                rewrite();
            } else {
                String line = URLEncoder.encode(targetId, StandardCharsets.UTF_8) + ' ' + keyOrForgotten + '\n';
                boolean exists = readVersion != null;
                KeyFiles.createPrivateDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ByteBuffer buffer = ByteBuffer.wrap(((exists ? "" : HEADER) + line).getBytes(StandardCharsets.UTF_8));
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
                lines++;
            }
            readVersion = version();
            return ++appended;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pinned host keys " + file + ": " + e.getMessage(), e);
        }
    }

    private void rewrite() throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        new TreeMap<>(pins).forEach((id, key) -> text.append(URLEncoder.encode(id, StandardCharsets.UTF_8))
                .append(' ').append(key).append('\n'));
        KeyFiles.createPrivateDirectories(file.getParent());
        KeyFiles.replaceAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8), false);
        lines = pins.size();
    }

    /**
     * Waits until append number {@code append} is on disk. Outside the lock, and one fsync for all
     * the appends made meanwhile: connections that pin at once share it.
     */
    private void sync(long append) {
        synchronized (syncing) {
            if (synced >= append) {
                return;
            }
            long upTo;
            synchronized (this) {
                upTo = appended;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            } catch (NoSuchFileException gone) {
                // Removed by hand meanwhile: nothing left to make durable.
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write pinned host keys " + file + ": " + e.getMessage(), e);
            }
            synced = upTo;
        }
    }
}
