package org.nubis.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedHostKeysTest {

    @TempDir
    Path tmp;

    private static String newKeyLine() {
        return PublicKeyEntry.toString(TestHost.newHostKey().getPublic());
    }

    @Test
    void pinsOnFirstUseAndKeepsTheFirstKey() {
        PinnedHostKeys pins = new PinnedHostKeys(tmp);
        String first = newKeyLine();

        assertEquals(Optional.empty(), pins.pinned("i-1"));
        assertEquals(Optional.empty(), pins.pinIfAbsent("i-1", first));
        assertEquals(Optional.of(first), pins.pinIfAbsent("i-1", newKeyLine()));
        assertEquals(Optional.of(first), pins.pinned("i-1"));
    }

    @Test
    void survivesARestartAndForgets() throws Exception {
        String key = newKeyLine();
        new PinnedHostKeys(tmp).pinIfAbsent("exp 1/web 0", key);
        new PinnedHostKeys(tmp).pinIfAbsent("i-2", newKeyLine());

        PinnedHostKeys reloaded = new PinnedHostKeys(tmp);
        assertEquals(Optional.of(key), reloaded.pinned("exp 1/web 0"));

        reloaded.forget("exp 1/web 0");
        assertEquals(Optional.empty(), new PinnedHostKeys(tmp).pinned("exp 1/web 0"));
        assertTrue(new PinnedHostKeys(tmp).pinned("i-2").isPresent());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("pinned_host_keys"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void manyPinsAreOneLineEachAndForgottenOnesAreCompactedAway() throws Exception {
        PinnedHostKeys pins = new PinnedHostKeys(tmp);
        String key = newKeyLine();
        for (int i = 0; i < 300; i++) {
            assertEquals(Optional.empty(), pins.pinIfAbsent("i-" + i, key));
        }
        Path file = tmp.resolve(PinnedHostKeys.FILE_NAME);
        assertEquals(301, Files.readAllLines(file).size(), "a header and a line per pin");
        for (int i = 0; i < 250; i++) {
            pins.forget("i-" + i);
        }
        String other = newKeyLine();
        assertEquals(Optional.empty(), pins.pinIfAbsent("i-7", other), "forgotten: pinned anew");

        PinnedHostKeys reloaded = new PinnedHostKeys(tmp);
        assertEquals(Optional.of(other), reloaded.pinned("i-7"));
        assertEquals(Optional.empty(), reloaded.pinned("i-8"));
        assertEquals(Optional.of(key), reloaded.pinned("i-299"));
        assertTrue(Files.readAllLines(file).size() < 301 + 250, "lines that no longer count were dropped");
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("pinned_host_keys"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void seesAHandEditedFile() throws Exception {
        PinnedHostKeys pins = new PinnedHostKeys(tmp);
        pins.pinIfAbsent("i-1", newKeyLine());
        String other = newKeyLine();

        Files.writeString(tmp.resolve(PinnedHostKeys.FILE_NAME), "# edited\ni-3 " + other + "\n");

        assertEquals(Optional.empty(), pins.pinned("i-1"));
        assertEquals(Optional.of(other), pins.pinned("i-3"));
    }

    @Test
    void fingerprintIsOpenSshs() throws Exception {
        var key = TestHost.newHostKey().getPublic();
        String line = PublicKeyEntry.toString(key);
        // MINA's own SHA256 fingerprint has OpenSSH's format too.
        assertEquals(KeyUtils.getFingerPrint(key), PinnedHostKeys.fingerprint(line));
        assertEquals(KeyUtils.getFingerPrint(key), PinnedHostKeys.fingerprint(line + " comment"));
    }
}
