package org.nubis.localcloud;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** A client key made at run time (no private key is ever committed). */
record TestKeys(KeyPair keyPair, String publicLine) {

    static TestKeys generate() {
        try {
            KeyPair keyPair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            return new TestKeys(keyPair, PublicKeyEntry.toString(keyPair.getPublic()) + " test@localcloud");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the private key in OpenSSH format with mode 0600, as OpenSSH's ssh insists. */
    Path writePrivateKey(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "test@localcloud", null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return file;
    }
}
