package org.nubis.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nubis ships with no password that works: on the first boot, when the JAAS realm's users file
 * defines no user, this creates the admin user with a random password, kept in the owner-only
 * secrets directory, and says where it is (console and log; never the password itself).
 */
@Component(immediate = true, configurationPid = "org.nubis.security")
public class FirstBootAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(FirstBootAdmin.class);
    static final String PASSWORD_FILE = "admin.password";

    @Activate
    public FirstBootAdmin(SecurityConfig config) throws IOException {
        String etc = System.getProperty("karaf.etc");
        if (etc != null) {
            Path created = ensureAdmin(Path.of(etc, "users.properties"), SecretsDirectory.of(config), config.firstBootAdmin());
            if (created != null) {
                String message = "Nubis first boot: created user '" + config.firstBootAdmin().trim()
                        + "' (admin); its password is in " + created;
                LOG.info(message);
                System.out.println(message);
            }
            ownerOnly(Path.of(etc));
        }
    }

    /**
     * A configuration change (the token lifetime, say) must not restart this component and, with it,
     * everything that uses it; a new secrets directory takes effect at the next start.
     */
    @Modified
    void modified() {
        // nothing to change at run time
    }

    /**
     * Karaf's files that hold passwords, keys or the shutdown command: owner-only (they ship
     * world-readable). Done at every start, so that a file restored from elsewhere is narrowed too.
     */
    static void ownerOnly(Path etc) {
        for (String name : List.of("users.properties", "keys.properties", "config.properties")) {
            Path file = etc.resolve(name);
            try {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            } catch (UnsupportedOperationException e) {
                return; // not a POSIX file system
            } catch (IOException e) {
                LOG.warn("could not make {} owner-only: {}", file, e.getMessage());
            }
        }
    }

    /**
     * Adds the admin user to a users file that has none.
     *
     * @return the file holding the new password, or null when the file already defines a user
     */
    static Path ensureAdmin(Path usersFile, SecretsDirectory secrets, String admin) throws IOException {
        List<String> lines = Files.exists(usersFile) ? Files.readAllLines(usersFile, StandardCharsets.ISO_8859_1) : List.of();
        if (lines.stream().anyMatch(FirstBootAdmin::definesUser)) {
            return null;
        }
        byte[] random = new byte[18];
        SecretsDirectory.RANDOM.nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path passwordFile = secrets.path().resolve(PASSWORD_FILE);
        Files.deleteIfExists(passwordFile); // left from an earlier installation whose user was removed
        secrets.writeNew(passwordFile, password + "\n");
        // the password before the users file: a crash in between leaves no user, so the next boot
        // simply tries again
        Files.writeString(usersFile, System.lineSeparator() + "# created at first boot; password in " + passwordFile
                + System.lineSeparator() + admin.trim() + " = " + password + ",_g_:admingroup" + System.lineSeparator(),
                StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return passwordFile;
    }

    /** A line {@code user = password,roles} (not a comment, not a {@code _g_:} group). */
    private static boolean definesUser(String line) {
        String t = line.strip();
        return !t.isEmpty() && !t.startsWith("#") && !t.startsWith("!") && !t.startsWith("_g_\\:")
                && !t.startsWith("_g_:") && (t.contains("=") || t.contains(":"));
    }
}
