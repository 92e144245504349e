package org.nubis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.NubisException;

class AesGcmSecretBoxTest {

    @TempDir
    Path dir;

    @Test
    void sealsAndOpensWithoutShowingThePlainText() {
        AesGcmSecretBox box = new AesGcmSecretBox(new SecretsDirectory(dir).key("master.key", 32));
        String sealed = box.seal("AKIA-very-secret");
        assertTrue(box.isSealed(sealed));
        assertFalse(sealed.contains("very-secret"));
        assertNotEquals(sealed, box.seal("AKIA-very-secret"), "a fresh IV each time");
        assertEquals("AKIA-very-secret", box.open(sealed));
        assertFalse(box.isSealed("plain"));
    }

    @Test
    void theKeyIsKeptOwnerOnlyAndReusedAcrossInstances() throws Exception {
        String sealed = new AesGcmSecretBox(new SecretsDirectory(dir).key("master.key", 32)).seal("x");
        assertEquals("x", new AesGcmSecretBox(new SecretsDirectory(dir).key("master.key", 32)).open(sealed));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)) .substring(0, 9));
    }

    @Test
    void editedValueOrAnotherInstallationsKeyIsRefusedClearly(@TempDir Path other) {
        AesGcmSecretBox box = new AesGcmSecretBox(new SecretsDirectory(dir).key("master.key", 32));
        String sealed = box.seal("secret-value");
        char[] c = sealed.toCharArray();
        int i = AesGcmSecretBox.PREFIX.length() + 20;
        c[i] = c[i] == 'A' ? 'B' : 'A';
        NubisException edited = assertThrows(NubisException.class, () -> box.open(new String(c)));
        assertTrue(edited.getMessage().contains("set the credential again"), edited.getMessage());
        AesGcmSecretBox foreign = new AesGcmSecretBox(new SecretsDirectory(other).key("master.key", 32));
        assertThrows(NubisException.class, () -> foreign.open(sealed));
        assertThrows(NubisException.class, () -> box.open("{aes-gcm}abc"));
    }
}
