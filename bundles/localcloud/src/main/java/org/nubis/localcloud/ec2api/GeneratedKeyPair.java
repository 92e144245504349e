package org.nubis.localcloud.ec2api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A key pair made for CreateKeyPair, in the formats EC2 hands out: an RSA private key as PKCS#1 PEM ("BEGIN RSA
 * PRIVATE KEY"), an ED25519 one in OpenSSH's format. The private key exists only in this object, which the action
 * writes into its answer and drops: it is never stored or logged.
 */
record GeneratedKeyPair(String publicKeyLine, String privateKeyMaterial, String fingerprint) {

    static final int RSA_BITS = 2048;

    @Override
    public String toString() {
        // Records print every component; this one must never show its private key in a log or an exception.
        return "GeneratedKeyPair[" + publicKeyLine + "]";
    }

    /** @param type "rsa" or "ed25519" */
    static GeneratedKeyPair generate(String type, String comment) {
        try {
            if (type.equals("rsa")) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(RSA_BITS);
                KeyPair pair = generator.generateKeyPair();
                // EC2's fingerprint of a key it made: SHA-1 of the private key's PKCS#8 DER, in colon hex.
                String fingerprint = HexFormat.ofDelimiter(":")
                        .formatHex(MessageDigest.getInstance("SHA-1").digest(pair.getPrivate().getEncoded()));
                return new GeneratedKeyPair(PublicKeyEntry.toString(pair.getPublic()), pkcs1Pem(pair), fingerprint);
            }
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            String publicKeyLine = PublicKeyEntry.toString(pair.getPublic());
            return new GeneratedKeyPair(publicKeyLine, openSsh(pair, comment),
                    KeyPairActions.fingerprint(publicKeyLine, "ed25519"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + type + " key pair", e);
        }
    }

    private static String pkcs1Pem(KeyPair pair) {
        StringWriter text = new StringWriter();
        // BouncyCastle writes an RSA private key as PKCS#1 ("RSA PRIVATE KEY"), as EC2 does.
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String openSsh(KeyPair pair, String comment) throws GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
