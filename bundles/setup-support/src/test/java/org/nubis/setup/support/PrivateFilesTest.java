package org.nubis.setup.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void filesAndDirectoriesAreOwnerOnlyAndATreeGoesWhole() throws IOException {
        Path sub = PrivateFiles.createDirectory(dir.resolve("a/b"));
        Path file = sub.resolve("vars.json");
        Files.writeString(file, "old, longer text");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFiles.write(file, "{\"secret\": 1}");
        Path temp = PrivateFiles.createTempDirectory(dir, "nubis-test-");

        assertEquals("{\"secret\": 1}", Files.readString(file));
        assertEquals("rw-------", mode(file), "an existing file is made owner-only too");
        assertEquals("rwx------", mode(sub));
        assertEquals("rwx------", mode(temp));
        PrivateFiles.deleteTree(dir.resolve("a"));
        assertFalse(Files.exists(dir.resolve("a")));
        PrivateFiles.deleteTree(dir.resolve("never-was"));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
