package org.nubis.setup.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.SetupState;
import org.nubis.api.machine.Machine;
import org.nubis.api.setup.SetupRun;
import org.nubis.api.ssh.HostKeyPins;
import org.nubis.api.ssh.SshIdentity;

/** What {@code validate} says about a template, and what happens without Ansible. No cloud needed. */
class AnsibleValidationTest {

    static final SshIdentity NO_IDENTITY = new SshIdentity() {
        @Override
        public String publicKey() {
            throw new AssertionError("not used");
        }

        @Override
        public Path privateKeyFile() {
            throw new AssertionError("not used");
        }
    };
    static final HostKeyPins NO_PINS = id -> Optional.empty();

    @TempDir
    Path dir;
    private final List<LocalAnsible> activated = new java.util.ArrayList<>();

    @AfterEach
    void deactivate() {
        activated.forEach(LocalAnsible::deactivate);
    }

    @Test
    void reportsEveryErrorAtOnceWithItsField() throws IOException {
        RealAnsible.require();
        Files.createDirectories(dir.resolve("playbooks/subdir"));
        Files.writeString(dir.resolve("playbooks/ok.yml"), "- hosts: all\n");
        Path cluster = dir.resolve("cluster.yaml");
        Files.writeString(cluster, "name: cluster\n");
        Path shared = dir.resolve("etc/nubis/playbooks");
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("good_1", "x");
        vars.put("bad-name", "y");
        vars.put("nubis_root", "/");
        vars.put("ansible_user", "root");
        ClusterTemplate template = template(cluster.toString(), vars,
                kind("frontend", List.of("master"), List.of("playbooks/ok.yml"), List.of("playbooks/ok.yml")),
                kind("compute", List.of("worker", "all", "bad group"), List.of("playbooks/ok.yml", "playbooks/missing.yml",
                        "playbooks/subdir", " "), List.of()),
                kind("ungrouped", List.of(), List.of(), List.of()));
        withKarafEtc(dir.resolve("etc"), () -> assertEquals(List.of(
                "kinds.compute.setup.groups[1]: 'all' cannot name an Ansible group (letters, digits, '_', '.', '-'; "
                        + "not all or ungrouped)",
                "kinds.compute.setup.groups[2]: 'bad group' cannot name an Ansible group (letters, digits, '_', '.', '-'; "
                        + "not all or ungrouped)",
                "kinds.compute.setup.scripts[1]: no such file " + dir.resolve("playbooks/missing.yml") + " (nor "
                        + shared.resolve("playbooks/missing.yml") + ")",
                "kinds.compute.setup.scripts[2]: not a regular file " + dir.resolve("playbooks/subdir"),
                "kinds.compute.setup.scripts[3]: empty playbook path",
                "kinds.ungrouped: 'ungrouped' cannot name an Ansible group (letters, digits, '_', '.', '-'; not all or "
                        + "ungrouped)",
                "setup.vars.ansible_user: Nubis sets Ansible's connection variables per host; choose another name",
                "setup.vars.bad-name: not a valid Ansible variable name (letters, digits and _, not starting with a digit)",
                "setup.vars.nubis_root: Nubis sets nubis_root per host; choose another name"),
                provider(TestConfig.in(dir.resolve("work"))).validate(template)));
    }

    @Test
    void playbooksResolveAgainstTheTemplateThenTheSharedPlaybooks() throws IOException {
        RealAnsible.require();
        Path clusters = Files.createDirectories(dir.resolve("etc/nubis/clusters"));
        Path playbooks = Files.createDirectories(dir.resolve("etc/nubis/playbooks"));
        Files.writeString(playbooks.resolve("common.yml"), "- hosts: all\n");
        Files.writeString(clusters.resolve("local.yml"), "- hosts: all\n");
        ClusterTemplate template = template(clusters.resolve("c.yaml").toString(), Map.of("x", "1"),
                kind("compute", List.of("worker"), List.of("common.yml", "../playbooks/common.yml", "local.yml",
                        playbooks.resolve("common.yml").toString()), List.of("common.yml")));
        withKarafEtc(dir.resolve("etc"), () -> {
            assertEquals(List.of(), provider(TestConfig.in(dir.resolve("work"))).validate(template));
            assertEquals(playbooks.resolve("common.yml"), AnsibleSetupProvider.playbooks(clusters).resolve("common.yml"));
            assertEquals(clusters.resolve("local.yml"), AnsibleSetupProvider.playbooks(clusters).resolve("local.yml"));
        });
    }

    @Test
    void theDemoTemplatesPlaybooksResolveFromItsDirectory() throws IOException {
        RealAnsible.require();
        Path demo = RealAnsible.etc().resolve("nubis/clusters/ansible-demo.yaml");
        String text = Files.readString(demo);
        assertTrue(text.contains("provider: ansible") && text.contains("cloud: local"), text);
        assertTrue(text.contains("scripts: [../playbooks/common.yml]") && text.contains("refresh: [../playbooks/hosts.yml]"));
        ClusterTemplate template = template(demo.toString(), Map.of("greeting", "hello from nubis"),
                new NodeKind("frontend", 1, -1, null, "small", List.of("master"), List.of("../playbooks/common.yml"),
                        List.of("../playbooks/hosts.yml"), Map.of()),
                new NodeKind("compute", 3, -1, null, "small", List.of("worker"), List.of("../playbooks/common.yml"),
                        List.of("../playbooks/hosts.yml"), Map.of()));
        assertEquals(List.of(), provider(TestConfig.in(dir.resolve("work"))).validate(template));
    }

    @Test
    void withoutAnsiblePlaybookValidateSaysSoInOneLineAndApplyFailsCleanly() throws IOException {
        Path bogus = dir.resolve("nowhere/ansible-playbook");
        Files.writeString(dir.resolve("setup.yml"), "- hosts: all\n");
        Path cluster = dir.resolve("cluster.yaml");
        Files.writeString(cluster, "name: cluster\n");
        AnsibleSetupProvider provider = provider(new TestConfig(bogus.toString(), dir.resolve("work").toString(), 0));
        String expected = "ansible-playbook not found at " + bogus + " (ansiblePlaybook in etc/org.nubis.setup.ansible.cfg); "
                + "install ansible-core (Debian: apt install ansible-core) or fix ansiblePlaybook";
        ClusterTemplate template = template(cluster.toString(), Map.of(),
                kind("compute", List.of(), List.of("setup.yml"), List.of()));

        assertEquals(List.of(expected), provider.validate(template));
        assertTrue(provider.description().endsWith("(" + expected + ")"), provider.description());
        Instant now = Instant.now();
        Machine node = new Machine("cluster-compute-1", null, "cluster", "compute", "local", "lc-1", InstanceState.RUNNING, null, null,
                "127.0.0.1", "127.0.0.1", 40000, "root", "sandbox", "small", "test", now, now, SetupState.NOT_RUN, null);
        SetupRun run = new SetupRun(new Cluster("cluster", "cluster", template, ClusterState.SETTING_UP, null,
                SetupState.RUNNING, null, now, now, null), List.of(node), Set.of(node.id()), Set.of(), dir,
                Duration.ofSeconds(10), Progress.none());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> provider.apply(run));
        assertEquals(expected, e.getMessage());
        assertFalse(Files.exists(dir.resolve("work/cluster")), "nothing was prepared");
    }

    @Test
    void theProviderIsCalledAnsible() {
        assertEquals("ansible", provider(TestConfig.in(dir)).name());
        assertThrows(NullPointerException.class, () -> new LocalAnsible(null, NO_PINS, TestConfig.in(dir)));
        assertThrows(NullPointerException.class, () -> new AnsibleSetupProvider(null));
    }

    private AnsibleSetupProvider provider(AnsibleConfig config) {
        LocalAnsible ansible = new LocalAnsible(NO_IDENTITY, NO_PINS, config);
        activated.add(ansible);
        return new AnsibleSetupProvider(ansible);
    }

    static NodeKind kind(String name, List<String> groups, List<String> setup, List<String> refresh) {
        return new NodeKind(name, 1, 1, null, null, groups, setup, refresh, Map.of());
    }

    static ClusterTemplate template(String source, Map<String, String> vars, NodeKind... kinds) {
        Map<String, NodeKind> byName = new LinkedHashMap<>();
        for (NodeKind kind : kinds) {
            byName.put(kind.name(), kind);
        }
        return new ClusterTemplate("cluster", "local", null, byName, "ansible", vars, Map.of(), 60, 60, source);
    }

    private static void withKarafEtc(Path etc, Runnable body) {
        String before = System.getProperty("karaf.etc");
        System.setProperty("karaf.etc", etc.toString());
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty("karaf.etc");
            } else {
                System.setProperty("karaf.etc", before);
            }
        }
    }
}
