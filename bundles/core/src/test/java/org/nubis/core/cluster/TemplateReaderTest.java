package org.nubis.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.TemplateException;

class TemplateReaderTest {

    private static final String SLURM = """
            cloud: local
            login: {user: admin}
            startTimeout: 120
            setup:
              provider: script
              vars: {partition: debug, nodes_per_job: 2}
            options: {securityGroup: nubis}
            kinds:
              frontend:
                count: 1
                image: sandbox
                setup: {groups: [slurm_master], scripts: [frontend.sh]}
              compute:
                count: 4
                minCount: 2
                flavor: medium
                setup: {groups: [slurm_worker, nfs_client], scripts: [compute.sh], refresh: [hosts.sh]}
            """;

    @Test
    void readsEveryPartOfATemplateKeepingKindOrder() {
        ClusterTemplate t = TemplateReader.read("slurm", SLURM, "/etc/nubis/clusters/slurm.yaml");
        assertEquals("local", t.cloud());
        assertEquals("admin", t.loginUser());
        assertEquals(120, t.startTimeoutSeconds());
        assertEquals(TemplateReader.DEFAULT_SETUP_TIMEOUT, t.setupTimeoutSeconds());
        assertEquals("script", t.setupProvider());
        assertEquals(Map.of("partition", "debug", "nodes_per_job", "2"), t.setupVars());
        assertEquals(Map.of("securityGroup", "nubis"), t.options());
        assertEquals(List.of("frontend", "compute"), List.copyOf(t.kinds().keySet()));
        NodeKind compute = t.kinds().get("compute");
        assertEquals(4, compute.count());
        assertEquals(2, compute.minCount());
        assertNull(compute.image());
        assertEquals("medium", compute.flavor());
        assertEquals(List.of("slurm_worker", "nfs_client"), compute.setupGroups());
        assertEquals(List.of("hosts.sh"), compute.refreshScripts());
        assertEquals(5, t.nodeCount());
        assertEquals(-1, t.kinds().get("frontend").minCount(), "not given: the start decides");
    }

    @Test
    void reportsEveryErrorAtOnceWithFileAndField() {
        String bad = """
                clod: local
                startTimeout: soon
                kinds:
                  Front End: {count: 1}
                  compute:
                    count: -3
                    minCount: 9
                    flavour: big
                    setup: {scripts: compute.sh}
                """;
        TemplateException e = assertThrows(TemplateException.class, () -> TemplateReader.read("bad", bad, "/t/bad.yaml"));
        List<String> errors = e.errors();
        assertTrue(e.getMessage().startsWith("/t/bad.yaml: "), e.getMessage());
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("clod: unknown field")), errors.toString());
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("startTimeout: must be a whole number")), errors.toString());
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("kinds.Front End: invalid kind name")), errors.toString());
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("kinds.compute.count: -3 is out of range")), errors.toString());
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("kinds.compute.flavour: unknown field")), errors.toString());
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("kinds.compute.setup.scripts: must be a list")), errors.toString());
        assertTrue(errors.size() >= 6, errors.toString());
    }

    @Test
    void valuesInTheFileHaveTheShapeOfWhatTheyName() {
        String bad = """
                cloud: ../../x
                login: {user: "root; rm -rf /"}
                setup:
                  provider: Script!
                  vars: {"bad name": 1, good_name: 2}
                kinds:
                  node: {count: 1, image: "$(id)", flavor: "`reboot`"}
                """;
        List<String> errors = assertThrows(TemplateException.class, () -> TemplateReader.read("bad", bad, "/t/bad.yaml")).errors();
        assertEquals(List.of("cloud: '../../x' is not a cloud's name (lower-case letters, digits and '-')",
                "login.user: 'root; rm -rf /' is not a login name (lower-case letters, digits, '_' and '-')",
                "setup.provider: 'Script!' is not a setup provider's type (lower-case letters, digits and '-')",
                "setup.vars.bad name: 'bad name' is not a variable name (letters, digits and '_', not first a digit)",
                "kinds.node.image: '$(id)' is not an image's id or name",
                "kinds.node.flavor: '`reboot`' is not a flavor's id or name"), errors);
    }

    @Test
    void aTemplateNeedsNodes() {
        assertThrows(TemplateException.class, () -> TemplateReader.read("x", "cloud: local\n", "x.yaml"));
        TemplateException zero = assertThrows(TemplateException.class,
                () -> TemplateReader.read("x", "kinds: {a: {count: 0}}\n", "x.yaml"));
        assertTrue(zero.getMessage().contains("every count is 0"), zero.getMessage());
        TemplateException yaml = assertThrows(TemplateException.class, () -> TemplateReader.read("x", "kinds: [a\n", "x.yaml"));
        assertTrue(yaml.getMessage().contains("not valid YAML"), yaml.getMessage());
    }

    @Test
    void overridesChangeCountsAndSettingsAndReportBadOnesTogether() {
        ClusterTemplate t = TemplateReader.read("slurm", SLURM, "slurm.yaml");
        ClusterTemplate o = TemplateOverrides.apply(t, Map.of("compute.count", "8", "compute.flavor", "large", "cloud", "lab",
                "setup.vars.partition", "long", "startTimeout", "30"));
        assertEquals(8, o.kinds().get("compute").count());
        assertEquals("large", o.kinds().get("compute").flavor());
        assertEquals("lab", o.cloud());
        assertEquals("long", o.setupVars().get("partition"));
        assertEquals(30, o.startTimeoutSeconds());
        assertEquals(1, t.kinds().get("frontend").count(), "the template itself is unchanged");

        TemplateException e = assertThrows(TemplateException.class, () -> TemplateOverrides.apply(t,
                Map.of("gpu.count", "2", "compute.count", "many", "colour", "red")));
        assertEquals(3, e.errors().size(), e.errors().toString());
        assertTrue(e.getMessage().contains("--set gpu.count: unknown kind 'gpu'; kinds: frontend, compute"), e.getMessage());
    }
}
