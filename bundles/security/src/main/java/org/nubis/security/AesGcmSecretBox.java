package org.nubis.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.nubis.api.NubisException;
import org.nubis.api.auth.SecretBox;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * AES-256-GCM with the installation's master key ({@code master.key} in the secrets directory).
 * Sealed text is {@code {aes-gcm}BASE64(iv | ciphertext | tag)}: it can sit in a .cfg file, and
 * any change to it is detected rather than decrypted to garbage.
 */
@Component(service = SecretBox.class, configurationPid = "org.nubis.security")
public class AesGcmSecretBox implements SecretBox {

    static final String PREFIX = "{aes-gcm}";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;

    @Activate
    public AesGcmSecretBox(SecurityConfig config) {
        this(SecretsDirectory.of(config).key("master.key", 32));
    }

    /** @param key the master key; the cipher key is derived from it */
    AesGcmSecretBox(byte[] key) {
        this.key = new SecretKeySpec(SecretsDirectory.derive(key, "nubis secret box v1"), "AES");
    }

    /**
     * A configuration change (the token lifetime, say) must not restart this component and, with it,
     * everything that uses it; a new secrets directory takes effect at the next start.
     */
    @Modified
    void modified() {
        // nothing to change at run time
    }

    @Override
    public String seal(String plain) {
        byte[] iv = new byte[IV_BYTES];
        SecretsDirectory.RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    @Override
    public String open(String sealed) {
        if (!isSealed(sealed)) {
            throw new NubisException("not a sealed value (it should start with " + PREFIX + ")");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()).trim());
            if (all.length < IV_BYTES + TAG_BITS / 8) {
                throw new NubisException("a sealed value is too short: it was cut or edited");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new NubisException("a sealed value cannot be opened: it was sealed with another installation's "
                    + "master key, or edited; set the credential again");
        }
    }

    @Override
    public boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }
}
