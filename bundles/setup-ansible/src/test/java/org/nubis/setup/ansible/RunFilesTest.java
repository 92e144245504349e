package org.nubis.setup.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.setup.support.PrivateFiles;
import org.nubis.setup.support.WorkerPool;

/** A run's inventory, ansible.cfg, known_hosts and extra vars; read back by the real Ansible where it matters. */
class RunFilesTest {

    private static final String SANDBOX_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA8R4LAHfHg4N+HzbTu618t5wWuGesxXg8d7AswudzlZ";
    private static final String CLOUD_KEY = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmK comment";
    /** A private key made at run time (PKCS#8 PEM): its text must never reach the run's files. */
    private static final String PRIVATE_KEY_BODY = privateKeyBody();
    private static final String PRIVATE_KEY_TEXT = "-----BEGIN PRIVATE KEY-----\n" + PRIVATE_KEY_BODY + "\n-----END PRIVATE KEY-----\n";

    private static String privateKeyBody() {
        try {
            return java.util.Base64.getEncoder().encodeToString(
                    java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @TempDir
    Path dir;
    private final WorkerPool readers = new WorkerPool("nubis-test-ansible-output", 2);
    private final AnsibleProcess processes = new AnsibleProcess(readers.executor());

    @AfterEach
    void closeReaders() {
        readers.close();
    }

    private final List<RunFiles.Host> hosts = List.of(
            new RunFiles.Host("c1-frontend-1", "frontend", List.of("master"), "127.0.0.1", 40603, "root", "127.0.0.1", true,
                    SANDBOX_KEY),
            new RunFiles.Host("c1-compute-1", "compute", List.of("worker", "slurm_worker"), "203.0.113.7", 22, "ubuntu",
                    "10.0.0.7", false, CLOUD_KEY),
            new RunFiles.Host("c1-compute-2", "compute", List.of("worker", "slurm_worker"), "203.0.113.8", 2222, "root",
                    null, false, null));

    @Test
    void knownHostsHasOneLinePerPinnedNodeInOpenSshForm() {
        assertEquals("[127.0.0.1]:40603 " + SANDBOX_KEY + "\n"
                + "203.0.113.7 ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmK\n",
                RunFiles.knownHosts(hosts));
    }

    @Test
    void theRealAnsibleReadsTheInventoryAndConfigAsMeant() throws Exception {
        RealAnsible.require();
        Path key = dir.resolve("id_ed25519");
        Files.writeString(key, PRIVATE_KEY_TEXT);
        Workspace workspace = new Workspace(dir.resolve("work"));
        AnsibleRun run = AnsibleRun.create(workspace, processes, "c1", "", hosts, List.of("frontend", "master", "compute",
                "worker", "slurm_worker", "empty_kind"), key, Map.of("db_password", "s3cr3t", "greeting", "it's \"quoted\""), 3);
        try {
            JsonNode inventory = new ObjectMapper().readTree(ansible(workspace, run, "ansible-inventory", "--list"));
            JsonNode vars = inventory.get("_meta").get("hostvars");
            JsonNode sandbox = vars.get("c1-frontend-1");
            assertEquals("127.0.0.1", sandbox.get("ansible_host").asText());
            assertEquals(40603, sandbox.get("ansible_port").asInt());
            assertEquals("root", sandbox.get("ansible_user").asText());
            assertEquals("{{ ansible_env.HOME }}", sandbox.get("nubis_root").asText(), "the sandbox's directory, from its facts");
            assertEquals("$HOME/.ansible/tmp", sandbox.get("ansible_remote_tmp").asText());
            assertFalse(sandbox.has("ansible_ssh_args"), "a sandbox shares connections as ansible.cfg says, like any host");
            assertFalse(sandbox.get("nubis_become").asBoolean());
            assertTrue(sandbox.get("nubis_sandbox").asBoolean());
            assertEquals("frontend", sandbox.get("nubis_kind").asText());
            assertEquals("c1-frontend-1", sandbox.get("nubis_node_id").asText());
            assertEquals("127.0.0.1", sandbox.get("nubis_private_ip").asText());
            assertEquals("c1", sandbox.get("nubis_cluster").asText());
            assertEquals(key.toString(), sandbox.get("ansible_ssh_private_key_file").asText());
            JsonNode cloud = vars.get("c1-compute-1");
            assertEquals("/", cloud.get("nubis_root").asText());
            assertTrue(cloud.get("nubis_become").asBoolean(), "ubuntu becomes root for /etc");
            assertFalse(cloud.has("ansible_remote_tmp"));
            assertFalse(cloud.has("ansible_ssh_args"), "ansible.cfg's, with shared connections");
            assertEquals("10.0.0.7", cloud.get("nubis_private_ip").asText());
            assertFalse(vars.get("c1-compute-2").get("nubis_become").asBoolean(), "root needs no become");
            assertEquals("203.0.113.8", vars.get("c1-compute-2").get("nubis_private_ip").asText(), "public when no private");
            assertEquals(List.of("c1-frontend-1"), hostsOf(inventory, "frontend"));
            assertEquals(List.of("c1-frontend-1"), hostsOf(inventory, "master"));
            assertEquals(List.of("c1-compute-1", "c1-compute-2"), hostsOf(inventory, "compute"));
            assertEquals(List.of("c1-compute-1", "c1-compute-2"), hostsOf(inventory, "slurm_worker"));

            String config = ansible(workspace, run, "ansible-config", "dump", "--only-changed");
            assertTrue(config.contains("CONFIG_FILE() = " + run.config), config);
            assertTrue(config.contains("HOST_KEY_CHECKING(" + run.config + ") = True"), config);
            assertTrue(config.contains("DEFAULT_FORKS(" + run.config + ") = 3"), config);
            assertTrue(config.contains("DEFAULT_GATHERING(" + run.config + ") = smart"), config);
            assertTrue(config.contains("CACHE_PLUGIN(" + run.config + ") = jsonfile"), config);
            assertTrue(config.contains("RETRY_FILES_ENABLED(" + run.config + ") = False"), config);
            assertTrue(config.contains("ANSIBLE_HOME(env: ANSIBLE_HOME) = " + workspace.root().resolve("home")), config);
        } finally {
            run.close();
        }

        String cfg = Files.readString(run.config);
        assertTrue(cfg.contains("\npipelining = True\n"), cfg);
        assertTrue(cfg.contains("-o StrictHostKeyChecking=yes -o UserKnownHostsFile=" + run.knownHosts
                + " -o GlobalKnownHostsFile=/dev/null"), cfg);
        assertTrue(cfg.contains("-F /dev/null -o ControlMaster=auto -o ControlPersist=60s"), cfg);
        String controlDir = cfg.lines().filter(l -> l.startsWith("control_path_dir = ")).findFirst().orElseThrow()
                .substring("control_path_dir = ".length());
        assertTrue(controlDir.length() + 11 + 17 <= Workspace.SOCKET_PATH_LIMIT, controlDir);
        assertTrue(cfg.contains("fact_caching_connection = " + run.dir.resolve("facts")), cfg);
        assertTrue(cfg.contains("local_tmp = " + run.dir.resolve("tmp")), cfg);

        // No secret in the inventory, ansible.cfg or known_hosts; vars only in vars.json, owner-only.
        for (Path file : List.of(run.inventory, run.config, run.knownHosts)) {
            String text = Files.readString(file);
            assertFalse(text.contains("s3cr3t"), file.toString());
            assertFalse(text.contains("PRIVATE KEY") || text.contains(PRIVATE_KEY_BODY), file.toString());
        }
        assertTrue(Files.readString(run.vars).contains("\"db_password\": \"s3cr3t\""));
        assertTrue(Files.readString(run.vars).contains("\"nubis_vars\": {"));
        try (Stream<Path> files = Files.list(run.dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            }
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run.dir)));
        assertFalse(Files.exists(run.dir.resolve("tmp")), "local temp files are removed at the end");
    }

    /**
     * Text no encoding may change: quotes and backslashes, YAML syntax, newlines and tabs, words YAML 1.1
     * reads as booleans, nulls, numbers or dates, Jinja, leading spaces, non-ASCII, control characters and the
     * characters YAML 1.1 takes for line breaks (JSON does not).
     */
    static final List<String> HOSTILE = List.of(
            "it's \"quoted\" \\ back\\\\slash",
            "key: value # not a comment",
            "line 1\nline 2\r\n\ttabbed",
            "{{ 6 * 7 }}",
            "{% raw %}{{ kept }}{% endraw %}",
            "- [a, b] {c: d} & *x !tag | > ' % @ ` ,",
            "yes", "null", "~", "0x1F", "012", "1e3", "2001-12-14", ".inf", "",
            "  padded  ", "\u00fcn\u00efcode \u2713 \u0007 bell \u007f del",
            "YAML 1.1 line breaks: next\u0085line, line\u2028separator, paragraph\u2029separator, \ufeffbom");

    @Test
    void hostileValuesReachAnsibleAsTheyAre() throws Exception {
        RealAnsible.require();
        List<RunFiles.Host> odd = new ArrayList<>();
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String value = HOSTILE.get(i);
            odd.add(new RunFiles.Host("h" + i, "odd", List.of(), value, 22, value, value, false, null));
            vars.put("v" + i, value);
        }
        String cluster = "c: {{ 6 * 7 }} \"x\"\nnext";
        Workspace workspace = new Workspace(dir.resolve("work"));
        AnsibleRun run = AnsibleRun.create(workspace, processes, cluster, "", odd, List.of("odd"), dir.resolve("id_ed25519"),
                vars, 4);
        try {
            // What the inventory says, before any templating: every value exactly as given.
            JsonNode hostvars = new ObjectMapper().readTree(ansible(workspace, run, "ansible-inventory", "--list"))
                    .get("_meta").get("hostvars");
            for (int i = 0; i < HOSTILE.size(); i++) {
                String value = HOSTILE.get(i);
                JsonNode host = hostvars.get("h" + i);
                assertEquals(value, host.get("ansible_host").asText(), "ansible_host of h" + i);
                assertEquals(value.isBlank() ? null : value, host.has("ansible_user") ? host.get("ansible_user").asText() : null,
                        "ansible_user of h" + i);
                assertEquals(value, host.get("nubis_private_ip").asText(), "nubis_private_ip of h" + i);
                assertEquals(cluster, host.get("nubis_cluster").asText());
            }
            // The extra vars file as JSON, then as a play sees them: Ansible templates variables when a play uses
            // them (it did so before too), so Jinja in a value is evaluated there, and only there.
            JsonNode file = new ObjectMapper().readTree(run.vars.toFile());
            for (int i = 0; i < HOSTILE.size(); i++) {
                assertEquals(HOSTILE.get(i), file.get("v" + i).asText());
                assertEquals(HOSTILE.get(i), file.get("nubis_vars").get("v" + i).asText());
            }
            StringBuilder out = new StringBuilder();
            AnsibleProcess.Outcome outcome = run.run(List.of(RealAnsible.require().resolveSibling("ansible").toString(),
                    "h0", "-i", run.inventory.toString(), "--extra-vars", "@" + run.vars, "-m", "ansible.builtin.debug",
                    "-a", "var=nubis_vars"), Map.of("ANSIBLE_STDOUT_CALLBACK", "json", "ANSIBLE_LOAD_CALLBACK_PLUGINS", "1"),
                    null, out, System.nanoTime() + 60_000_000_000L);
            assertEquals(0, outcome.exitCode(), outcome.tail());
            String json = out.toString();
            JsonNode seen = new ObjectMapper().readTree(json.substring(json.indexOf('{')))
                    .at("/plays/0/tasks/0/hosts/h0/nubis_vars");
            for (int i = 0; i < HOSTILE.size(); i++) {
                String value = HOSTILE.get(i);
                String expected = value.equals("{{ 6 * 7 }}") ? "42"
                        : value.startsWith("{% raw %}") ? "{{ kept }}" : value;
                assertEquals(expected, seen.get("v" + i).asText(), "v" + i + " as a play sees it");
            }
        } finally {
            run.close();
        }
        assertTrue(Files.readString(run.inventory).startsWith("# Ansible inventory of cluster c: {{ 6 * 7 }} \"x\" next (run "),
                "the name in the comment is on one line");
    }

    @Test
    void aLongWorkDirGetsShortControlSockets() throws IOException {
        Path deep = dir.resolve("a".repeat(60)).resolve("b".repeat(60));
        Path control = new Workspace(deep).controlDir("0123abcd-ffff");
        assertNotNull(control);
        assertTrue(control.toString().length() + 11 + 17 <= Workspace.SOCKET_PATH_LIMIT, control.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(control)));
        PrivateFiles.deleteTree(control);
    }

    @Test
    void oldRunsArePruned() throws IOException {
        Workspace workspace = new Workspace(dir.resolve("work"));
        List<Path> runs = new ArrayList<>();
        for (int i = 0; i < Workspace.KEPT_RUNS + 3; i++) {
            runs.add(workspace.newRun("c/1", i % 2 == 0 ? "" : "adhoc-"));
        }
        try (Stream<Path> left = Files.list(dir.resolve("work/c_1"))) {
            assertEquals(Workspace.KEPT_RUNS, left.count());
        }
        assertTrue(Files.isDirectory(runs.get(runs.size() - 1)));
        assertFalse(Files.exists(runs.get(0)));
    }

    private static List<String> hostsOf(JsonNode inventory, String group) {
        List<String> hosts = new ArrayList<>();
        inventory.get(group).get("hosts").forEach(h -> hosts.add(h.asText()));
        return hosts;
    }

    /** Runs an ansible tool (next to ansible-playbook) in the run's environment; returns its stdout. */
    private static String ansible(Workspace workspace, AnsibleRun run, String tool, String... args) throws Exception {
        Path exe = RealAnsible.require().resolveSibling(tool);
        List<String> command = new ArrayList<>(List.of(exe.toString()));
        command.addAll(List.of(args));
        StringBuilder stdout = new StringBuilder();
        AnsibleProcess.Outcome outcome = run.run(command, Map.of(), null, stdout, System.nanoTime() + 60_000_000_000L);
        assertEquals(0, outcome.exitCode(), outcome.tail());
        return stdout.toString();
    }
}
