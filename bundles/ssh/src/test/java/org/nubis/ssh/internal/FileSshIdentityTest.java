package org.nubis.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSshIdentityTest {

    @TempDir
    Path tmp;

    @Test
    void ed25519ComesFromBouncyCastleAsInKaraf() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.i2p.crypto.eddsa.EdDSAKey"),
                "tests must not have net.i2p eddsa: Karaf's ssh feature does not install it");
        assertTrue(SecurityUtils.isEDDSACurveSupported());
        assertTrue(SecurityUtils.getEdDSASupport().orElseThrow().getClass().getName().contains("BouncyCastle"));
    }

    @Test
    void createsAnOwnerOnlyOpenSshKeyOnFirstUse() throws Exception {
        Path dir = tmp.resolve("data/nubis/ssh");
        FileSshIdentity identity = new FileSshIdentity(dir);
        assertTrue(Files.notExists(dir), "nothing is created before first use");

        String publicKey = identity.publicKey();

        Path privateKey = identity.privateKeyFile();
        assertEquals(dir.resolve("id_ed25519").toAbsolutePath(), privateKey);
        assertTrue(publicKey.matches("ssh-ed25519 AAAA[A-Za-z0-9+/=]+ nubis"), publicKey);
        assertEquals(publicKey + "\n", Files.readString(dir.resolve("id_ed25519.pub")));
        // The marker is split so that secret scanners do not take this assertion for a committed key.
        assertTrue(Files.readString(privateKey).startsWith("-----BEGIN OPENSSH " + "PRIVATE KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (var files = Files.list(dir)) {
            assertEquals(Set.of("id_ed25519", "id_ed25519.pub"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).toList()), "no temporary files left");
        }
    }

    @Test
    void loadsAnExistingKeyInsteadOfMakingANewOne() throws Exception {
        String first = new FileSshIdentity(tmp).publicKey();
        Path privateKey = tmp.resolve("id_ed25519");
        FileTime written = Files.getLastModifiedTime(privateKey);
        Files.delete(tmp.resolve("id_ed25519.pub"));

        FileSshIdentity again = new FileSshIdentity(tmp);

        assertEquals(first, again.publicKey());
        assertEquals(written, Files.getLastModifiedTime(privateKey));
        assertEquals(first + "\n", Files.readString(tmp.resolve("id_ed25519.pub")), "public key file restored");
    }

    @Test
    void concurrentFirstUseYieldsOneKey() throws Exception {
        List<FileSshIdentity> identities = List.of(new FileSshIdentity(tmp), new FileSshIdentity(tmp),
                new FileSshIdentity(tmp));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> keys = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                FileSshIdentity identity = identities.get(i % identities.size());
                keys.add(threads.submit(() -> {
                    start.await();
                    return identity.publicKey();
                }));
            }
            start.countDown();
            Set<String> distinct = ConcurrentHashMap.newKeySet();
            for (Future<String> key : keys) {
                distinct.add(key.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), distinct.toString());
            assertEquals(distinct.iterator().next() + "\n", Files.readString(tmp.resolve("id_ed25519.pub")));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void opensshReadsThePrivateKey() throws Exception {
        Path sshKeygen = openSsh("ssh-keygen");
        FileSshIdentity identity = new FileSshIdentity(tmp);

        String output = run(sshKeygen.toString(), "-y", "-f", identity.privateKeyFile().toString());

        String[] fromOpenSsh = output.split("\\s+");
        String[] ours = identity.publicKey().split("\\s+");
        assertEquals(ours[0] + " " + ours[1], fromOpenSsh[0] + " " + fromOpenSsh[1]);
    }

    @Test
    void opensshLogsInWithTheKey() throws Exception {
        Path ssh = openSsh("ssh");
        FileSshIdentity identity = new FileSshIdentity(tmp.resolve("keys"));
        try (TestHost host = TestHost.start("openssh", tmp.resolve("host"), List.of(identity.keyPair().getPublic()))) {
            String output = run(ssh.toString(), "-F", "/dev/null", "-i", identity.privateKeyFile().toString(),
                    "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", String.valueOf(host.port()),
                    "nubis@127.0.0.1", "echo logged in");
            assertEquals("logged in", output);
        }
    }

    /** An OpenSSH program; skipped when absent, except on CI, which must run these checks. */
    private static Path openSsh(String program) {
        Path found = onPath(program);
        if (found == null) {
            String reason = program + " is not on PATH (Debian: apt-get install openssh-client)";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + "; CI must check the key with OpenSSH");
            }
            System.out.println("Skipping an OpenSSH check: " + reason);
            Assumptions.abort(reason);
        }
        return found;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
