package org.nubis.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.nubis.api.auth.AuthenticationException;
import org.nubis.api.auth.Role;

/**
 * Bearer tokens that carry their own claims under an HMAC-SHA256 signature:
 * {@code nbt_BASE64URL(claims).BASE64URL(mac)}. Checking one needs no database, only the key
 * (which is why revocation is checked separately, against the key's record).
 */
final class TokenCodec {

    static final String PREFIX = "nbt_";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    /** What a token says. */
    record Claims(String accessKey, String user, Role role, Instant expiresAt) {
    }

    private final SecretKeySpec key;

    TokenCodec(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    String encode(Claims claims) {
        byte[] nonce = new byte[8];
        SecretsDirectory.RANDOM.nextBytes(nonce);
        String body = String.join("\n", claims.accessKey(), claims.user(), claims.role().label(),
                Long.toString(claims.expiresAt().getEpochSecond()), ENCODE.encodeToString(nonce));
        String payload = ENCODE.encodeToString(body.getBytes(StandardCharsets.UTF_8));
        return PREFIX + payload + "." + ENCODE.encodeToString(mac(payload));
    }

    /** @throws AuthenticationException {@code unauthorized} when the token is not one of ours (or was changed) */
    Claims decode(String token) {
        int dot = token.lastIndexOf('.');
        if (!token.startsWith(PREFIX) || dot < PREFIX.length()) {
            throw notOurs();
        }
        String payload = token.substring(PREFIX.length(), dot);
        try {
            if (!MessageDigest.isEqual(mac(payload), DECODE.decode(token.substring(dot + 1)))) {
                throw notOurs();
            }
            String[] f = new String(DECODE.decode(payload), StandardCharsets.UTF_8).split("\n", -1);
            return new Claims(f[0], f[1], Role.of(f[2]), Instant.ofEpochSecond(Long.parseLong(f[3])));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw notOurs();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static AuthenticationException notOurs() {
        return new AuthenticationException("unauthorized", "the bearer token is not valid; get a new one at POST /auth/token");
    }
}
