package org.nubis.localcloud.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Processes started with posix_spawn behave as Java's own: pipes, directory, environment, exit statuses. */
class PosixSpawnTest {

    @TempDir
    Path dir;

    @BeforeEach
    void onlyWhereAvailable() {
        assumeTrue(PosixSpawn.available(), "posix_spawn with closefrom (Linux, glibc 2.34+)");
    }

    private static String run(Process p) throws Exception {
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return out + (err.isEmpty() ? "" : "|err:" + err);
    }

    @Test
    void outputsExitStatusDirectoryAndExactlyTheGivenEnvironment() throws Exception {
        Process p = PosixSpawn.start(List.of("/bin/sh", "-c", "echo out; echo err >&2; pwd; env | sort; exit 7"),
                Map.of("PATH", "/usr/bin:/bin", "ONLY", "this é"), dir);
        String all = run(p);
        assertEquals(7, p.waitFor());
        assertEquals(7, p.exitValue());
        assertFalse(p.isAlive());
        String out = all.substring(0, all.indexOf("|err:"));
        assertEquals(List.of("out", dir.toRealPath().toString(), "ONLY=this é", "PATH=/usr/bin:/bin", "PWD=" + dir.toRealPath()),
                List.of(out.split("\n")));
        assertEquals("err\n", all.substring(all.indexOf("|err:") + 5));
    }

    @Test
    void stdinReachesTheProcessAndItsEndIsSeen() throws Exception {
        Process p = PosixSpawn.start(List.of("/bin/sh", "-c", "cat; echo done"), Map.of("PATH", "/usr/bin:/bin"), dir);
        try (OutputStream in = p.getOutputStream()) {
            in.write("line one\nline two\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("line one\nline two\ndone\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, p.waitFor());
    }

    @Test
    void inheritsNoDescriptorOfTheJvm() throws Exception {
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(new ServerSocket(0));
            }
            // Read from here, not by a shell in the child: a shell that builds a pipeline holds the
            // pipe's descriptors for a moment, and a listing made then showed them (3 and 4).
            Process p = PosixSpawn.start(List.of("/bin/sleep", "30"), Map.of("PATH", "/usr/bin:/bin"), dir);
            try {
                Path fds = Path.of("/proc", String.valueOf(p.pid()), "fd");
                List<String> seen = List.of();
                for (int i = 0; i < 100; i++) { // until the child is sleep, not the process that became it
                    if (Files.readString(Path.of("/proc", String.valueOf(p.pid()), "comm")).strip().equals("sleep")) {
                        try (var list = Files.list(fds)) {
                            seen = list.map(f -> f.getFileName().toString()).sorted().toList();
                        }
                        break;
                    }
                    Thread.sleep(20);
                }
                assertEquals(List.of("0", "1", "2"), seen);
            } finally {
                p.destroyForcibly();
                p.waitFor();
            }
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
    }

    @Test
    void aSignalledProcessEndsWith128PlusTheSignalAsUnderJava() throws Exception {
        Process p = PosixSpawn.start(List.of("/bin/sh", "-c", "echo started; exec sleep 60"), Map.of("PATH", "/usr/bin:/bin"), dir);
        assertEquals('s', p.getInputStream().read());
        assertTrue(p.isAlive());
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + 15, p.exitValue());
        assertTrue(p.onExit().isDone());

        Process q = PosixSpawn.start(List.of("/bin/sh", "-c", "exec sleep 60"), Map.of("PATH", "/usr/bin:/bin"), dir);
        q.destroyForcibly();
        assertEquals(128 + 9, q.waitFor());
    }

    @Test
    void aMissingProgramFailsTheStart() {
        IOException e = assertThrows(IOException.class,
                () -> PosixSpawn.start(List.of("/no/such/program"), Map.of(), dir));
        assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
    }

    @Test
    void manyAtOnce() throws Exception {
        List<Process> started = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            started.add(PosixSpawn.start(List.of("/bin/sh", "-c", "echo " + i + "; exit " + (i % 3)),
                    Map.of("PATH", "/usr/bin:/bin"), dir));
        }
        for (int i = 0; i < started.size(); i++) {
            Process p = started.get(i);
            assertEquals(i + "\n", run(p));
            assertEquals(i % 3, p.waitFor());
        }
    }
}
