package org.nubis.localcloud.ec2api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair. A key pair's public key becomes the authorized
 * key of the sandboxes launched with its name. Only public keys are kept: CreateKeyPair's private key is in its
 * answer and nowhere else.
 */
final class KeyPairActions {

    static final Set<String> FILTERS = Set.of("key-name", "key-pair-id", "fingerprint", "key-type", "tag-key", "tag-value");

    private final Ec2Store store;

    KeyPairActions(Ec2Store store) {
        this.store = store;
    }

    void register(Map<String, Ec2Action> actions) {
        actions.put("CreateKeyPair", this::createKeyPair);
        actions.put("ImportKeyPair", this::importKeyPair);
        actions.put("DescribeKeyPairs", this::describe);
        actions.put("DeleteKeyPair", this::delete);
    }

    /** KeyType rsa (the default, as on EC2) or ed25519; KeyFormat pem only. */
    private void createKeyPair(QueryParams params, XmlWriter xml) {
        String name = keyName(params);
        String type = params.get("KeyType", "rsa");
        if (!type.equals("rsa") && !type.equals("ed25519")) {
            throw Ec2Error.invalidValue("Value (" + type + ") for parameter keyType is invalid. "
                    + "Valid values are: rsa, ed25519");
        }
        String format = params.get("KeyFormat", "pem");
        if (!format.equals("pem")) {
            throw Ec2Error.invalidValue("Value (" + format + ") for parameter keyFormat is invalid. "
                    + "This cloud makes only pem keys");
        }
        Map<String, String> tags = tags(params);
        // Checked before the RSA generation (a fraction of a second) is spent; add() checks again, atomically.
        if (store.snapshot().keyPairs.containsKey(name)) {
            throw duplicate(name);
        }
        GeneratedKeyPair generated = GeneratedKeyPair.generate(type, name);
        Ec2Store.KeyPair keyPair = add(name, generated.publicKeyLine(), type, generated.fingerprint(), tags);
        xml.value("keyName", name)
                .value("keyFingerprint", keyPair.fingerprint)
                .value("keyMaterial", generated.privateKeyMaterial())
                .value("keyPairId", keyPair.id)
                .tags("tagSet", keyPair.tags);
    }

    private void importKeyPair(QueryParams params, XmlWriter xml) {
        String name = keyName(params);
        String line = publicKeyLine(params.require("PublicKeyMaterial"));
        String type = keyType(line);
        Ec2Store.KeyPair keyPair = add(name, line, type, fingerprint(line, type), tags(params));
        xml.value("keyFingerprint", keyPair.fingerprint)
                .value("keyName", name)
                .value("keyPairId", keyPair.id)
                .tags("tagSet", keyPair.tags);
    }

    /** Stores a new key pair (its public key only); InvalidKeyPair.Duplicate if the name is taken. */
    private Ec2Store.KeyPair add(String name, String publicKeyLine, String type, String fingerprint,
            Map<String, String> tags) {
        Ec2Store.KeyPair keyPair = new Ec2Store.KeyPair();
        keyPair.id = Ec2Ids.newId("key");
        keyPair.name = name;
        keyPair.publicKey = publicKeyLine;
        keyPair.type = type;
        keyPair.fingerprint = fingerprint;
        keyPair.createdAt = Ec2Store.now();
        keyPair.tags.putAll(tags);
        store.change(data -> {
            if (data.keyPairs.containsKey(name)) {
                throw duplicate(name);
            }
            data.keyPairs.put(name, keyPair);
            return null;
        });
        return keyPair;
    }

    private static String keyName(QueryParams params) {
        String name = params.require("KeyName");
        if (name.length() > 255) {
            throw Ec2Error.invalidValue("Key name exceeds the maximum length of 255 characters");
        }
        return name;
    }

    private static Map<String, String> tags(QueryParams params) {
        return TagRules.specifications(params, Set.of("key-pair")).getOrDefault("key-pair", Map.of());
    }

    private static Ec2Error duplicate(String name) {
        return Ec2Error.client("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
    }

    private void describe(QueryParams params, XmlWriter xml) {
        List<String> names = params.list("KeyName");
        List<String> ids = params.list("KeyPairId");
        List<Filter> filters = params.filters();
        Filter.checkNames(filters, FILTERS, true);
        boolean includePublicKey = params.bool("IncludePublicKey");
        Ec2Store.Data data = store.snapshot();
        for (String name : names) {
            if (!data.keyPairs.containsKey(name)) {
                throw Ec2Error.client("InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
            }
        }
        for (String id : ids) {
            if (data.keyPairs.values().stream().noneMatch(k -> k.id.equals(id))) {
                throw Ec2Error.client("InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist");
            }
        }
        List<Ec2Store.KeyPair> matching = new ArrayList<>();
        for (Ec2Store.KeyPair key : data.keyPairs.values()) {
            boolean named = (names.isEmpty() && ids.isEmpty()) || names.contains(key.name) || ids.contains(key.id);
            if (named && filters.stream().allMatch(f -> f.matchesAny(values(f.name(), key)))) {
                matching.add(key);
            }
        }
        if (matching.isEmpty()) {
            xml.empty("keySet");
            return;
        }
        xml.start("keySet");
        for (Ec2Store.KeyPair key : matching) {
            xml.start("item")
                    .value("keyPairId", key.id)
                    .value("keyType", key.type)
                    .tags("tagSet", key.tags)
                    .value("publicKey", includePublicKey ? key.publicKey : null)
                    .value("createTime", key.createdAt == null ? null : Instant.parse(key.createdAt))
                    .value("keyName", key.name)
                    .value("keyFingerprint", key.fingerprint)
                    .end();
        }
        xml.end();
    }

    /** Deleting a key pair that does not exist succeeds, as on EC2. Running sandboxes keep the key. */
    private void delete(QueryParams params, XmlWriter xml) {
        String name = params.get("KeyName", null);
        String id = params.get("KeyPairId", null);
        if (name == null && id == null) {
            throw Ec2Error.missing("KeyName");
        }
        String deletedId = store.change(data -> {
            Ec2Store.KeyPair key = name != null ? data.keyPairs.get(name)
                    : data.keyPairs.values().stream().filter(k -> k.id.equals(id)).findFirst().orElse(null);
            if (key == null) {
                return null;
            }
            data.keyPairs.remove(key.name);
            return key.id;
        });
        xml.value("return", true).value("keyPairId", deletedId);
    }

    private static List<String> values(String filter, Ec2Store.KeyPair key) {
        if (filter.startsWith("tag:")) {
            String value = key.tags.get(filter.substring(4));
            return value == null ? List.of() : List.of(value);
        }
        return switch (filter) {
            case "key-name" -> List.of(key.name);
            case "key-pair-id" -> List.of(key.id);
            case "fingerprint" -> List.of(key.fingerprint);
            case "key-type" -> List.of(key.type);
            case "tag-key" -> List.copyOf(key.tags.keySet());
            case "tag-value" -> List.copyOf(key.tags.values());
            default -> List.of();
        };
    }

    /** PublicKeyMaterial is base64 of the public key file (SDKs and the CLI encode it); plain text is accepted too. */
    private static String publicKeyLine(String material) {
        String text = material.trim();
        if (!text.startsWith("ssh-")) {
            try {
                text = new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                throw invalidKey();
            }
        }
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }

    /** rsa or ed25519, the types EC2 imports. */
    private static String keyType(String line) {
        PublicKey key;
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
            key = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw invalidKey();
        }
        String type = key == null ? null : KeyUtils.getKeyType(key);
        if (KeyPairProvider.SSH_RSA.equals(type)) {
            return "rsa";
        }
        if (KeyPairProvider.SSH_ED25519.equals(type)) {
            return "ed25519";
        }
        throw Ec2Error.client("InvalidKey.Format", "Key is not in valid OpenSSH public key format: only "
                + "ssh-rsa and ssh-ed25519 keys can be imported");
    }

    /** EC2's fingerprints of imported keys: MD5 (colon hex) of an RSA key, SHA-256 (base64) of an ED25519 key. */
    static String fingerprint(String line, String type) {
        byte[] blob = Base64.getDecoder().decode(line.split("\\s+")[1]);
        try {
            if (type.equals("rsa")) {
                return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(blob));
            }
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Ec2Error invalidKey() {
        return Ec2Error.client("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
    }
}
