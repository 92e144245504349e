package org.nubis.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.Set;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.nubis.api.ssh.SshIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nubis's ed25519 key pair in {@code keyDir/id_ed25519} (OpenSSH format, so {@code ssh -i} and
 * Ansible can use it) and {@code id_ed25519.pub}. Created on first use, loaded afterwards.
 * Also registered under its own class for the engine in this bundle, which needs the key pair.
 */
@Component(service = {SshIdentity.class, FileSshIdentity.class}, configurationPid = SshConfig.PID)
public final class FileSshIdentity implements SshIdentity {

    static final String PRIVATE_KEY_FILE = "id_ed25519";
    static final String PUBLIC_KEY_FILE = "id_ed25519.pub";
    private static final String COMMENT = "nubis";
    private static final Logger LOG = LoggerFactory.getLogger(FileSshIdentity.class);

    private record Loaded(KeyPair keyPair, String publicKeyLine) { }

    private final Path dir;
    private volatile Loaded loaded;

    @Activate
    public FileSshIdentity(SshConfig config) {
        this(SshSettings.keyDir(config.keyDir()));
    }

    public FileSshIdentity(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    @Override
    public String publicKey() {
        return loaded().publicKeyLine();
    }

    @Override
    public Path privateKeyFile() {
        loaded();
        return dir.resolve(PRIVATE_KEY_FILE);
    }

    KeyPair keyPair() {
        return loaded().keyPair();
    }

    private Loaded loaded() {
        Loaded current = loaded;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (loaded == null) {
                try {
                    loaded = loadOrCreate();
                } catch (IOException | GeneralSecurityException e) {
                    throw new UncheckedIOException(new IOException(
                            "cannot set up Nubis's SSH key pair in " + dir + ": " + e.getMessage(), e));
                }
            }
            return loaded;
        }
    }

    private Loaded loadOrCreate() throws IOException, GeneralSecurityException {
        KeyFiles.createPrivateDirectories(dir);
        Path privateKey = dir.resolve(PRIVATE_KEY_FILE);
        if (!Files.exists(privateKey)) {
            create(privateKey);
        }
        tightenIfLoose(privateKey);
        KeyPair keyPair = read(privateKey);
        String line = PublicKeyEntry.toString(keyPair.getPublic()) + " " + COMMENT;
        Path publicKey = dir.resolve(PUBLIC_KEY_FILE);
        if (!Files.exists(publicKey) || !Files.readString(publicKey, StandardCharsets.UTF_8).strip().equals(line)) {
            KeyFiles.replaceAtomically(publicKey, (line + "\n").getBytes(StandardCharsets.UTF_8), false);
        }
        return new Loaded(keyPair, line);
    }

    /**
     * Writes the new key to a temporary file created owner-only, then links it into place: the
     * link fails if another process made a key meanwhile, and then that key wins.
     */
    private void create(Path privateKey) throws IOException, GeneralSecurityException {
        KeyPair keyPair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path temp = KeyFiles.createOwnerOnlyTemp(dir, PRIVATE_KEY_FILE);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, COMMENT, null, out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.createLink(privateKey, temp);
                LOG.info("Created Nubis's SSH key pair {}", privateKey);
            } catch (FileAlreadyExistsException raced) {
                LOG.debug("Another process created {} first; using that one", privateKey);
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (Files.exists(privateKey)) {
                    return;
                }
                Files.move(temp, privateKey, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static KeyPair read(Path privateKey) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(privateKey)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(
                    null, NamedResource.ofName(privateKey.toString()), in, null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new IOException("no key pair in " + privateKey);
            }
            return it.next();
        }
    }

    /** OpenSSH refuses a private key others can read, and so would every tool we hand it to. */
    private static void tightenIfLoose(Path privateKey) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(privateKey);
            if (!KeyFiles.OWNER_ONLY.containsAll(perms)) {
                LOG.warn("{} was readable by others ({}); making it owner-only", privateKey,
                        PosixFilePermissions.toString(perms));
                Files.setPosixFilePermissions(privateKey, KeyFiles.OWNER_ONLY);
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: ACLs of the user's profile already keep it private.
        }
    }
}
