package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The web console in a real browser (Debian's Chromium driven by playwright-core, the script in
 * console/e2e) against the real distribution: login, the dashboard, an experiment made in the
 * console and instances made by a script shown live, reload, destroy, logout that ends the
 * session on the server, and a viewer who is offered no write action.
 */
public class ConsoleIT {

    private static final Path CONSOLE = Path.of("../console").toAbsolutePath().normalize();
    private static final List<String> STEPS = List.of(
            "the root leads to the console login",
            "a wrong password shows the API's refusal",
            "an admin logs in and sees the dashboard with the local cloud",
            "an experiment created in the console exists in the API",
            "instances provisioned by a script appear without a reload",
            "a reload keeps the login and the deep link",
            "the console destroys the experiment",
            "logout ends the session on the server",
            "a viewer sees no action it may not take",
            "no script errors in the page");

    @Test
    public void anAdministratorWorksThroughTheConsoleInABrowser() throws Exception {
        String node = ExternalProgram.require("node");
        String chromium = ExternalProgram.require("chromium");
        assertTrue("the console's modules are installed by its build (mvn -pl console install): " + CONSOLE,
                Files.isDirectory(CONSOLE.resolve("node_modules/playwright-core")));
        try (Distribution nubis = Distribution.unpack(Path.of("target/console"))) {
            nubis.start();
            String viewerPassword = "viewer-" + Long.toHexString(System.nanoTime());
            nubis.shellOk("jaas:realm-manage --realm karaf; jaas:user-add webviewer " + viewerPassword
                    + "; jaas:role-add webviewer viewer; jaas:update");

            Path shots = Files.createDirectories(Path.of("target/console-shots"));
            ProcessBuilder pb = new ProcessBuilder(node, CONSOLE.resolve("e2e/console.e2e.mjs").toString())
                    .directory(CONSOLE.toFile()).redirectErrorStream(true);
            pb.environment().put("NUBIS_URL", "http://127.0.0.1:" + nubis.httpPort());
            pb.environment().put("NUBIS_ADMIN", "admin:" + nubis.adminPassword());
            pb.environment().put("NUBIS_VIEWER", "webviewer:" + viewerPassword);
            pb.environment().put("CHROMIUM", chromium);
            pb.environment().put("SHOTS", shots.toAbsolutePath().toString());
            String output = run(pb);
            System.out.println(output.strip());
            for (String step : STEPS) {
                assertTrue("browser step '" + step + "' (screenshot of a failure in " + shots + "):\n" + output,
                        output.contains("ok " + step + "\n"));
            }
            long held = output.lines().filter(l -> l.startsWith("ok ")).count();
            System.out.println("console: " + held + " of " + STEPS.size() + " browser steps held in Chromium");
        }
    }

    private static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals("the browser script ended with an error:\n" + text, 0, p.exitValue());
        return text;
    }
}
