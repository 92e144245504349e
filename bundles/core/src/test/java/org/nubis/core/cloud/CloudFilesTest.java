package org.nubis.core.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudFilesTest {

    @TempDir
    Path etc;

    private Path file(String name) throws Exception {
        Path p = etc.resolve(name);
        Files.writeString(p, "type = local\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return p;
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void cloudFilesBecomeOwnerOnlyAndNothingElse() throws Exception {
        Path a = file("org.nubis.cloud-a.cfg");
        Path b = file("org.nubis.cloud-b.cfg");
        Path other = file("org.nubis.core.cfg");
        CloudFiles files = new CloudFiles(etc);

        files.restrictAll();
        assertEquals("rw-------", mode(a));
        assertEquals("rw-------", mode(b));
        assertEquals("rw-r--r--", mode(other));

        Path c = file("org.nubis.cloud-c.cfg");
        files.restrict("c");
        assertEquals("rw-------", mode(c));
    }
}
