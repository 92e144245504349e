package org.nubis.localcloud.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** A sandbox's ed25519 host key, stored in OpenSSH format (mode 0600), made once when the instance is created. */
final class HostKeyFile {

    private HostKeyFile() {
    }

    static KeyPair generate(Path file, String comment) throws IOException {
        KeyPair keyPair;
        try {
            keyPair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate an ed25519 host key (is BouncyCastle on the class path?)", e);
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, comment, null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write host key " + file, e);
        }
        return keyPair;
    }

    static KeyPair load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(
                    null, NamedResource.ofName(file.toString()), in, null);
            Iterator<KeyPair> iterator = keys == null ? null : keys.iterator();
            if (iterator == null || !iterator.hasNext()) {
                throw new IOException("no key in " + file);
            }
            return iterator.next();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read host key " + file, e);
        }
    }
}
