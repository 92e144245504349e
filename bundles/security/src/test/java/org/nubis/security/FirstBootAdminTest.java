package org.nubis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstBootAdminTest {

    @TempDir
    Path etc;

    @Test
    void aUsersFileWithOnlyGroupsGetsAnAdminWithARandomPassword() throws Exception {
        Path users = etc.resolve("users.properties");
        Files.writeString(users, "# comment = not a user\n_g_\\:admingroup = group,admin,viewer\n");
        SecretsDirectory secrets = new SecretsDirectory(etc.resolve("nubis/secrets"));
        Path passwordFile = FirstBootAdmin.ensureAdmin(users, secrets, "admin");
        String password = Files.readString(passwordFile).strip();
        assertTrue(password.length() >= 24, password);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        Properties p = new Properties();
        try (var in = Files.newInputStream(users)) {
            p.load(in);
        }
        assertEquals(password + ",_g_:admingroup", p.getProperty("admin"));
        assertTrue(Files.readString(users).startsWith("# comment = not a user\n"), "the rest of the file is kept");

        assertNull(FirstBootAdmin.ensureAdmin(users, secrets, "admin"), "second boot: a user exists");
        assertEquals(password, Files.readString(passwordFile).strip());
    }

    @Test
    void aUsersFileThatDefinesAUserIsLeftAlone() throws Exception {
        Path users = etc.resolve("users.properties");
        Files.writeString(users, "alice = secret,_g_:admingroup\n");
        assertNull(FirstBootAdmin.ensureAdmin(users, new SecretsDirectory(etc.resolve("s")), "admin"));
        assertEquals("alice = secret,_g_:admingroup\n", Files.readString(users));
        assertTrue(Files.notExists(etc.resolve("s/admin.password")));
    }

    @Test
    void karafsFilesWithPasswordsKeysOrTheShutdownCommandBecomeOwnerOnly() throws Exception {
        for (String name : new String[] {"users.properties", "keys.properties", "config.properties", "other.cfg"}) {
            Files.writeString(etc.resolve(name), "x = y\n");
            Files.setPosixFilePermissions(etc.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
        }
        FirstBootAdmin.ownerOnly(etc);
        for (String name : new String[] {"users.properties", "keys.properties", "config.properties"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve(name))), name);
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("other.cfg"))),
                "the others are left as they are");
    }
}
