package org.nubis.setup.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;

/** What {@code validate} says about a template, before anything is created. No cloud needed. */
class ScriptValidationTest {

    @TempDir
    Path dir;

    /** validate never uses the engine; a setup with this engine would fail loudly. */
    private final ScriptSetupProvider provider = new ScriptSetupProvider(new CountingEngine(null));

    @AfterEach
    void deactivate() {
        provider.deactivate();
    }

    @Test
    void reportsEveryErrorAtOnceWithItsField() throws IOException {
        Files.createDirectories(dir.resolve("scripts/subdir"));
        Files.writeString(dir.resolve("scripts/ok.sh"), "#!/bin/sh\n");
        Path absent = dir.resolve("elsewhere/gone.sh");
        ClusterTemplate template = template(dir.resolve("cluster.yaml").toString(),
                Map.of("GOOD_1", "x", "bad-name", "y", "1ST", "z", "NUBIS_NODE", "w"),
                kind("frontend", List.of("scripts/ok.sh"), List.of("scripts/ok.sh")),
                kind("compute", List.of("scripts/ok.sh", "scripts/missing.sh", "scripts/subdir", " "), List.of(absent.toString())),
                kind("compute_gpu", List.of(), List.of()),
                kind("compute-gpu", List.of(), List.of()));
        Files.writeString(dir.resolve("cluster.yaml"), "name: cluster\n");

        assertEquals(List.of(
                "kinds.compute.setup.scripts[1]: no such file " + dir.resolve("scripts/missing.sh"),
                "kinds.compute.setup.scripts[2]: not a regular file " + dir.resolve("scripts/subdir"),
                "kinds.compute.setup.scripts[3]: empty script path",
                "kinds.compute.setup.refresh[0]: no such file " + absent,
                "kinds.compute-gpu: kinds compute_gpu and compute-gpu would both list their nodes in "
                        + "NUBIS_NODES_COMPUTE_GPU; rename one",
                "setup.vars.1ST: not a valid shell variable name (letters, digits and _, not starting with a digit)",
                "setup.vars.NUBIS_NODE: names starting with NUBIS_ are Nubis's own (cluster.env sets them)",
                "setup.vars.bad-name: not a valid shell variable name (letters, digits and _, not starting with a digit)"),
                provider.validate(template));
    }

    @Test
    void aFineTemplateHasNoErrors() throws IOException {
        Files.writeString(dir.resolve("setup.sh"), "#!/bin/sh\n");
        Path cluster = dir.resolve("cluster.yaml");
        Files.writeString(cluster, "name: cluster\n");
        assertEquals(List.of(), provider.validate(template(cluster.toString(), Map.of("A", "1", "_b2", "2"),
                kind("compute", List.of("setup.sh", "./setup.sh", dir.resolve("setup.sh").toString()), List.of("setup.sh")))));
    }

    @Test
    void withoutATemplateFileScriptsResolveAgainstTheTemplatesDirectory() throws IOException {
        Path clusters = Files.createDirectories(dir.resolve("etc/nubis/clusters/scripts"));
        Files.writeString(clusters.resolve("setup.sh"), "#!/bin/sh\n");
        String before = System.getProperty("karaf.etc");
        System.setProperty("karaf.etc", dir.resolve("etc").toString());
        try {
            assertEquals(List.of(), provider.validate(template("<console>", Map.of(),
                    kind("compute", List.of("scripts/setup.sh"), List.of()))));
            assertEquals(List.of("kinds.compute.setup.scripts[0]: no such file "
                            + dir.resolve("etc/nubis/clusters/scripts/nope.sh")),
                    provider.validate(template(null, Map.of(), kind("compute", List.of("scripts/nope.sh"), List.of()))));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.etc");
            } else {
                System.setProperty("karaf.etc", before);
            }
        }
    }

    @Test
    void theProviderIsCalledScript() {
        assertEquals("script", provider.name());
        assertThrows(NullPointerException.class, () -> new ScriptSetupProvider(null));
    }

    private static NodeKind kind(String name, List<String> setup, List<String> refresh) {
        return new NodeKind(name, 1, 1, null, null, List.of(), setup, refresh, Map.of());
    }

    private static ClusterTemplate template(String source, Map<String, String> vars, NodeKind... kinds) {
        Map<String, NodeKind> byName = new LinkedHashMap<>();
        for (NodeKind kind : kinds) {
            byName.put(kind.name(), kind);
        }
        return new ClusterTemplate("cluster", "local", null, byName, "script", vars, Map.of(), 60, 60, source);
    }
}
