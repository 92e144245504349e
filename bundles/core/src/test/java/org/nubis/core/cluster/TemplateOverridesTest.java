package org.nubis.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.TemplateException;

class TemplateOverridesTest {

    private static final ClusterTemplate SLURM = template();

    private static ClusterTemplate template() {
        Map<String, NodeKind> kinds = new LinkedHashMap<>();
        kinds.put("frontend", new NodeKind("frontend", 1, -1, "sandbox", null, List.of("master"), List.of("f.sh"), List.of(), Map.of()));
        kinds.put("compute", new NodeKind("compute", 4, 2, null, "medium", List.of("worker"), List.of("c.sh"), List.of("hosts.sh"),
                Map.of("network", "lab")));
        return new ClusterTemplate("slurm", "lab", "admin", kinds, "script", Map.of("partition", "debug"), Map.of("sg", "nubis"),
                600, 1800, "/etc/nubis/clusters/slurm.yaml");
    }

    /** Overrides in the order given, as the shell collects them. */
    private static Map<String, String> set(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static List<String> errors(Map<String, String> overrides) {
        return assertThrows(TemplateException.class, () -> TemplateOverrides.apply(SLURM, overrides)).errors();
    }

    @Test
    void noOverridesIsTheTemplateItself() {
        assertSame(SLURM, TemplateOverrides.apply(SLURM, Map.of()));
    }

    @Test
    void topLevelSettingsChangeAndEverythingElseIsKept() {
        ClusterTemplate t = TemplateOverrides.apply(SLURM, set("login.user", "debian", "startTimeout", "60", "setupTimeout", "90",
                "setup.vars.partition", "long", "setup.vars.nodes", "3"));
        assertEquals("debian", t.loginUser());
        assertEquals(60, t.startTimeoutSeconds());
        assertEquals(90, t.setupTimeoutSeconds());
        assertEquals(Map.of("partition", "long", "nodes", "3"), t.setupVars());
        assertEquals("lab", t.cloud());
        assertEquals("script", t.setupProvider());
        assertEquals(Map.of("sg", "nubis"), t.options());
        assertEquals(SLURM.kinds(), t.kinds());
        assertEquals(SLURM.source(), t.source());
    }

    @Test
    void anEmptyCloudOrUserMeansTheDefault() {
        ClusterTemplate t = TemplateOverrides.apply(SLURM, set("cloud", "", "login.user", " "));
        assertNull(t.cloud(), "the default cloud");
        assertNull(t.loginUser(), "each image's user");
    }

    @Test
    void kindSettingsChangeOnlyThatKind() {
        ClusterTemplate t = TemplateOverrides.apply(SLURM, set(" compute.image ", " ubuntu ", "compute.flavor", "large",
                "frontend.count", "0"));
        NodeKind compute = t.kinds().get("compute");
        assertEquals("ubuntu", compute.image(), "keys and values are trimmed");
        assertEquals("large", compute.flavor());
        assertEquals(4, compute.count());
        assertEquals(List.of("hosts.sh"), compute.refreshScripts());
        assertEquals(Map.of("network", "lab"), compute.options());
        assertEquals(0, t.kinds().get("frontend").count());
        assertEquals("sandbox", t.kinds().get("frontend").image());
        assertEquals(List.of("frontend", "compute"), List.copyOf(t.kinds().keySet()), "kind order is kept");
    }

    @Test
    void aCountBelowTheMinimumLowersTheMinimum() {
        NodeKind compute = TemplateOverrides.apply(SLURM, set("compute.count", "1")).kinds().get("compute");
        assertEquals(1, compute.count());
        assertEquals(1, compute.minCount());
        assertEquals(-1, TemplateOverrides.apply(SLURM, set("frontend.count", "3")).kinds().get("frontend").minCount(),
                "an unset minimum stays unset");
    }

    @Test
    void aMinimumIsCheckedAgainstTheCountGivenBeforeIt() {
        assertEquals(6, TemplateOverrides.apply(SLURM, set("compute.count", "8", "compute.minCount", "6")).kinds().get("compute")
                .minCount());
        assertEquals(List.of("--set compute.minCount: 5 is more than the kind's count 4"), errors(set("compute.minCount", "5")));
    }

    @Test
    void numbersOutOfRangeOrNotNumbersAreErrors() {
        assertEquals(List.of("--set startTimeout: 0 is out of range"), errors(set("startTimeout", "0")));
        assertEquals(List.of("--set compute.count: -1 is out of range"), errors(set("compute.count", "-1")));
        assertEquals(List.of("--set compute.count: " + (TemplateReader.MAX_NODES * 10 + 1) + " is out of range"),
                errors(set("compute.count", String.valueOf(TemplateReader.MAX_NODES * 10 + 1))));
        assertEquals(List.of("--set setupTimeout: must be a whole number, not '1h'"), errors(set("setupTimeout", "1h")));
    }

    @Test
    void valuesThatWouldBePathsOrShellAreRefused() {
        assertEquals(List.of(
                "--set cloud: '../../x' is not a cloud's name (lower-case letters, digits and '-')",
                "--set compute.flavor: '$(id)' is not a flavor's id or name",
                "--set frontend.image: 'img;reboot' is not an image's id or name",
                "--set login.user: 'root; id' is not a login name (lower-case letters, digits, '_' and '-')",
                "--set setup.vars.a-b: 'a-b' is not a variable name (letters, digits and '_', not first a digit)"),
                errors(set("cloud", "../../x", "compute.flavor", "$(id)", "frontend.image", "img;reboot",
                        "login.user", "root; id", "setup.vars.a-b", "1")));
        ClusterTemplate fine = TemplateOverrides.apply(SLURM, set("cloud", "ec2-east", "compute.flavor", "m1.small",
                "frontend.image", "Ubuntu 22.04", "login.user", "ubuntu", "setup.vars.slurm_version", "$(not run: a value)"));
        assertEquals("ec2-east", fine.cloud());
        assertEquals("m1.small", fine.kinds().get("compute").flavor());
        assertEquals("Ubuntu 22.04", fine.kinds().get("frontend").image());
    }

    @Test
    void everyBadOverrideIsReportedAtOnceNamingTheTemplate() {
        TemplateException e = assertThrows(TemplateException.class, () -> TemplateOverrides.apply(SLURM,
                set("colour", "red", "compute.colour", "blue", "gpu.count", "2", "compute.count", "many", "frontend.image", "x")));

        assertEquals(List.of(
                "--set colour: unknown setting; use KIND.count, KIND.minCount, KIND.image, KIND.flavor, cloud, login.user, "
                        + "startTimeout, setupTimeout or setup.vars.NAME",
                "--set compute.colour: unknown setting of a kind; use count, minCount, image or flavor",
                "--set gpu.count: unknown kind 'gpu'; kinds: frontend, compute",
                "--set compute.count: must be a whole number, not 'many'"), e.errors());
        assertTrue(e.getMessage().startsWith("template slurm (/etc/nubis/clusters/slurm.yaml): 4 errors: "), e.getMessage());
    }
}
