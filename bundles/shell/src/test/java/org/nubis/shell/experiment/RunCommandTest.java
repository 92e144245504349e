package org.nubis.shell.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nubis.api.experiment.CommandFailedException;
import org.nubis.shell.fakes.Consoles;
import org.nubis.shell.fakes.FakeExperiments;
import org.nubis.shell.fakes.Samples;
import org.nubis.shell.fakes.SystemOut;

class RunCommandTest {

    @RegisterExtension
    final SystemOut out = new SystemOut();

    private final FakeExperiments experiments = new FakeExperiments()
            .with("demo", Samples.instance(1, "worker"), Samples.instance(2, "worker"), Samples.pending(3));
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private RunCommand command(String... words) {
        RunCommand c = new RunCommand();
        c.experiments = experiments;
        c.session = Consoles.session(new PrintStream(console, true, StandardCharsets.UTF_8), Consoles.terminal("xterm", 120),
                Path.of("."));
        c.experiment = "demo";
        c.command = List.of(words);
        return c;
    }

    @Test
    void printsEachInstancesOutputUnderItsHeaderThenATally() throws Exception {
        experiments.results = List.of(Samples.ran("demo-1", 0, "up 3 days\n", ""), Samples.ran("demo-2", 0, "up 1 day\n\n", "warning\n"));
        RunCommand c = command("uptime", "-p");
        c.tags = List.of("worker");
        c.user = "alice";

        c.execute();

        assertEquals("uptime -p", experiments.lastCommand, "the words make one command line");
        assertEquals(Set.of("worker"), experiments.lastTags);
        assertEquals("alice", experiments.lastUser);
        assertEquals(true, experiments.lastCheck, "exit codes are checked unless --no-check");
        assertEquals("""
                == demo-1: exit 0 (0.21 s)
                up 3 days
                == demo-2: exit 0 (0.21 s)
                up 1 day
                stderr: warning
                2 of 2 instance(s) succeeded.
                """, out.text());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("run: 2/2 done"), "a live progress line on a terminal");
    }

    @Test
    void whenAnInstanceFailsEveryResultIsShownAndTheCommandFails() {
        experiments.results = List.of(Samples.ran("demo-1", 0, "ok\n", ""), Samples.ran("demo-2", 3, "", "boom\n"),
                Samples.unreachable("demo-3", "instance is pending"));

        CommandFailedException e = assertThrows(CommandFailedException.class, () -> command("make", "test").execute());

        assertSame(experiments.results, e.results());
        String text = out.text();
        assertTrue(text.contains("== demo-1: exit 0 (0.21 s)\nok\n"), text);
        assertTrue(text.contains("== demo-2: exit 3 (0.21 s)\nstderr: boom\n"), text);
        assertTrue(text.contains("== demo-3: error: instance is pending (0.00 s)\n"), text);
        assertTrue(text.endsWith("1 of 3 instance(s) succeeded.\n"), text);
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("run: 3/3 done, 2 failed"));
    }

    @Test
    void withNoCheckFailuresAreShownAndTheCommandSucceeds() throws Exception {
        experiments.results = List.of(Samples.ran("demo-1", 0, "", ""), Samples.ran("demo-2", 1, "", ""));
        RunCommand c = command("false");
        c.noCheck = true;

        c.execute();

        assertEquals(false, experiments.lastCheck);
        assertTrue(out.text().contains("== demo-2: exit 1 (0.21 s)"), out.text());
        assertTrue(out.text().endsWith("1 of 2 instance(s) succeeded.\n"), out.text());
    }

    @Test
    void jsonPrintsTheResultsUnderTheApiNames() throws Exception {
        experiments.results = List.of(Samples.ran("demo-1", 0, "hi\n", ""), Samples.unreachable("demo-3", "instance is pending"));
        RunCommand c = command("echo", "hi");
        c.json = true;
        c.noCheck = true;

        c.execute();

        JsonNode results = new ObjectMapper().readTree(out.text());
        assertEquals("demo-1", results.get(0).get("targetId").asText());
        assertEquals(0, results.get(0).get("exitCode").asInt());
        assertEquals("hi\n", results.get(0).get("stdout").asText());
        assertEquals("PT0.21S", results.get(0).get("duration").asText(), "durations in ISO-8601");
        assertTrue(results.get(0).get("error").isNull());
        assertEquals("instance is pending", results.get(1).get("error").asText());
        assertFalse(out.text().contains("=="), "only JSON");
    }

    @Test
    void ctrlCEndsTheCommandWithOneLine() {
        experiments.interrupted = true;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> command("sleep", "60").execute());
        assertEquals("cancelled", e.getMessage());
    }

    @Test
    void copyAndRunSendsTheScriptFromTheShellsDirectoryWithItsArguments() throws Exception {
        experiments.results = List.of(Samples.ran("demo-1", 0, "", ""));
        CopyAndRunCommand c = new CopyAndRunCommand();
        c.experiments = experiments;
        c.session = Consoles.session(System.out, null, Path.of("/home/me/work"));
        c.experiment = "demo";
        c.script = "../bin/job.sh";
        c.args = List.of("--size", "10");

        c.execute();

        assertEquals("/home/me/bin/job.sh", experiments.lastCommand, "relative to the shell's current directory");
        assertEquals(List.of("--size", "10"), experiments.lastArgs);
        assertTrue(out.text().endsWith("1 of 1 instance(s) succeeded.\n"), out.text());
    }
}
