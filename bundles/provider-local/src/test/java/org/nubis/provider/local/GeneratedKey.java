package org.nubis.provider.local;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** A fresh ed25519 public key as an OpenSSH line, made at run time (also used by provider-ec2's tests). */
public final class GeneratedKey {

    private GeneratedKey() {
    }

    public static String unchecked() {
        try {
            return publicKeyLine();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicKeyLine() throws NoSuchAlgorithmException, IOException {
        byte[] x509 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length); // X.509 prefix, then the 32-byte key
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(blob)) {
            byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
            out.writeInt(type.length);
            out.write(type);
            out.writeInt(raw.length);
            out.write(raw);
        }
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " test";
    }
}
