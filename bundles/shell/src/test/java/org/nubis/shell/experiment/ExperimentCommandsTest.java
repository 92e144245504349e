package org.nubis.shell.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.ssh.TransferResult;
import org.nubis.shell.fakes.Consoles;
import org.nubis.shell.fakes.FakeExperiments;
import org.nubis.shell.fakes.Samples;
import org.nubis.shell.fakes.SystemOut;

/** The smaller exp: commands: what they ask the service, and what they print. */
class ExperimentCommandsTest {

    @RegisterExtension
    final SystemOut out = new SystemOut();

    @TempDir
    Path dir;

    private final FakeExperiments experiments = new FakeExperiments()
            .with("demo", Samples.instance(1, "worker"), Samples.instance(2, "head"));

    private <T extends ExperimentCommandSupport> T wire(T c) {
        c.experiments = experiments;
        c.session = Consoles.session(System.out, Consoles.terminal("dumb", 0), dir);
        if (c instanceof SelectionCommandSupport s) {
            s.experiment = "demo";
        }
        return c;
    }

    @Test
    void provisionReadsTheUserDataFromTheShellsDirectoryAndPrintsWhatWasRequested() throws Exception {
        Files.writeString(dir.resolve("boot.sh"), "#!/bin/sh\necho booted\n");
        ProvisionCommand c = wire(new ProvisionCommand());
        c.count = 2;
        c.cloud = "lab";
        c.flavor = "large";
        c.userData = "boot.sh";
        c.tags = List.of("worker", "worker", "gpu");
        c.noFormat = true;

        c.execute();

        assertEquals("lab", experiments.lastRequest.cloud());
        assertNull(experiments.lastRequest.image(), "the cloud's default");
        assertEquals("large", experiments.lastRequest.flavor());
        assertEquals(2, experiments.lastRequest.count());
        assertEquals(Set.of("worker", "gpu"), experiments.lastRequest.tags());
        assertEquals("#!/bin/sh\necho booted\n", experiments.lastRequest.userData());
        assertTrue(out.text().contains("demo-3\tpending"), out.text());
        assertTrue(out.text().endsWith("2 instance(s) requested. Next: exp:wait -e demo\n"), out.text());
    }

    @Test
    void provisionRefusesAMissingUserDataFileBeforeAskingForAnything() {
        ProvisionCommand c = wire(new ProvisionCommand());
        c.userData = "missing.sh";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::execute);
        assertEquals("no such user data file: " + dir.resolve("missing.sh"), e.getMessage());
        assertNull(experiments.lastRequest);
    }

    @Test
    void waitPassesItsLimitOrNoneForTheConfiguredOne() throws Exception {
        WaitCommand c = wire(new WaitCommand());
        c.timeoutSeconds = 90;
        c.execute();
        assertEquals(Duration.ofSeconds(90), experiments.lastTimeout);
        assertTrue(out.text().matches("2 instance\\(s\\) ready in \\d+\\.\\d s\\.\n"), out.text());

        WaitCommand byDefault = wire(new WaitCommand());
        byDefault.execute();
        assertNull(experiments.lastTimeout);

        WaitCommand negative = wire(new WaitCommand());
        negative.timeoutSeconds = -5;
        assertThrows(IllegalArgumentException.class, negative::execute);
    }

    @Test
    void deprovisionNamesWhatIsGone() throws Exception {
        DeprovisionCommand c = wire(new DeprovisionCommand());
        c.tags = List.of("worker");
        c.execute();
        assertEquals("1 instance(s) deprovisioned: demo-1\n", out.text());
        assertEquals(1, experiments.instances.get("demo").size());
    }

    @Test
    void putReportsEachCopyAndFailsWhenOneFailed() {
        experiments.transfers = List.of(
                new TransferResult("demo-1", "/data/in.csv", "in.csv", 1024, Duration.ofMillis(1500), null),
                new TransferResult("demo-2", "/data/in.csv", "in.csv", 0, Duration.ZERO, "permission denied"));
        PutCommand c = wire(new PutCommand());
        c.local = "in.csv";
        c.remote = "in.csv";

        IllegalStateException e = assertThrows(IllegalStateException.class, c::execute);

        assertEquals("1 of 2 transfer(s) failed", e.getMessage());
        assertEquals(List.of(dir.resolve("in.csv").toString(), "in.csv"), experiments.lastArgs);
        assertEquals("demo-1: put 1024 bytes (1.50 s) in.csv <- /data/in.csv\ndemo-2: failed: permission denied\n", out.text());
    }

    @Test
    void getPointsFromTheRemoteFileToTheLocalCopy() throws Exception {
        experiments.transfers = List.of(new TransferResult("demo-1", "/tmp/out.log", "/var/log/out.log", 7, Duration.ofMillis(20), null));
        GetCommand c = wire(new GetCommand());
        c.remote = "/var/log/out.log";
        c.local = "out.log";
        c.execute();
        assertEquals("demo-1: got 7 bytes (0.02 s) /var/log/out.log -> /tmp/out.log\n1 transfer(s) done.\n", out.text());
    }

    @Test
    void experimentsAndCreateAndDestroy() throws Exception {
        CreateCommand create = wire(new CreateCommand());
        create.name = "second";
        create.execute();
        assertEquals("Experiment second created. Next: exp:provision -e second --count N\n", out.text());

        out.clear();
        ExperimentsCommand list = wire(new ExperimentsCommand());
        list.json = true;
        list.execute();
        assertTrue(out.text().contains("\"name\" : \"second\""), out.text());
        assertTrue(out.text().contains("\"createdAt\" : \"2025-03-01T10:00:00Z\""), out.text());

        DestroyCommand destroy = wire(new DestroyCommand());
        destroy.name = "demo";
        destroy.execute();
        assertEquals(Set.of("second"), experiments.experiments.keySet());
    }

    @Test
    void hostnamesPrintsOnePerLine() throws Exception {
        HostnamesCommand c = wire(new HostnamesCommand());
        c.privateNames = true;
        c.execute();
        assertEquals("10.0.0.1\n10.0.0.2\n", out.text());
    }
}
