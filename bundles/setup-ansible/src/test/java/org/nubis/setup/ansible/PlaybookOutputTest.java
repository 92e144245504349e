package org.nubis.setup.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nubis.api.setup.AdHocCommands.AdHocResult;

/** Reading ansible-playbook's output, on output captured from real runs (ansible-core 2.14, local-cloud sandboxes). */
class PlaybookOutputTest {

    @Test
    void readsTheRecapAndEachHostsFailureWithAnsiblesMessage() throws IOException {
        PlaybookOutput out = read("failures.out");
        assertEquals(Map.of(
                "t1-compute-1", new PlaybookOutput.Recap(1, 0, 0, 1, 0, 0, 0),
                "t1-compute-9", new PlaybookOutput.Recap(0, 0, 1, 0, 0, 0, 0),
                "t1-frontend-1", new PlaybookOutput.Recap(1, 0, 0, 1, 1, 0, 0)), out.recap());
        assertEquals("boom on t1-compute-1: \"quoted\" and ünïcode (task: Fails on compute)", out.failure("t1-compute-1"));
        assertEquals("non-zero return code 3: no such thing (task: Command fails on frontend)", out.failure("t1-frontend-1"));
        assertNull(out.failure("t1-compute-9"));
        assertEquals("Data could not be sent to remote host \"127.0.0.1\". Make sure this host can be reached over ssh: "
                + "ssh: connect to host 127.0.0.1 port 1: Connection refused", out.unreachable("t1-compute-9"));
        assertEquals("PLAY [Mixed results]\n"
                + "TASK [Always fine]\n"
                + "ok: [t1-compute-1]\n"
                + "TASK [Fails on compute]\n"
                + "fatal: [t1-compute-1]: FAILED! => {\"changed\": false, \"msg\": \"boom on t1-compute-1: \\\"quoted\\\" and ünïcode\"}\n"
                + "PLAY RECAP\n"
                + "t1-compute-1               : ok=1    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0   \n",
                out.log("t1-compute-1"));
        assertTrue(out.errors().isEmpty());
    }

    @Test
    void anIgnoredFailureDoesNotCountAndALoopItemsFailureDoes() throws IOException {
        PlaybookOutput out = read("loop-ignored.out");
        assertEquals(new PlaybookOutput.Recap(1, 1, 0, 1, 0, 0, 1), out.recap().get("t1-frontend-1"));
        assertEquals("non-zero return code 1 (task: Loop fails on b)", out.failure("t1-frontend-1"));
        assertTrue(out.log("t1-frontend-1").contains("...ignoring\n"), out.log("t1-frontend-1"));
    }

    @Test
    void multiLineResultsAreReadWhole() throws IOException {
        PlaybookOutput out = read("multiline.out");
        assertEquals("not a frontend: compute (task: Assert with a message)", out.failure("t1-compute-1"));
        assertEquals(1, out.recap().get("t1-compute-1").failed());
        // the frontend's failure was rescued: the recap says failed=0, which is what counts
        assertEquals(new PlaybookOutput.Recap(3, 0, 0, 0, 0, 1, 0), out.recap().get("t1-frontend-1"));
        assertTrue(out.log("t1-compute-1").contains("    \"evaluated_to\": false,\n"), out.log("t1-compute-1"));
    }

    @Test
    void aSuccessfulRunHasOnlyCounts() throws IOException {
        PlaybookOutput out = read("common.out");
        assertEquals(Set.of("t1-frontend-1", "t1-compute-1"), out.recap().keySet());
        out.recap().values().forEach(r -> assertEquals("ok=6 changed=0", r.counts()));
        assertNull(out.failure("t1-frontend-1"));
        assertTrue(out.log("t1-frontend-1").contains("TASK [Nubis environment file]\nok: [t1-frontend-1]\n"));
        assertFalse(out.log("t1-frontend-1").contains("t1-compute-1"), "a host's log has its own lines only");
    }

    @Test
    void anErrorBeforeAnyPlayIsKept() throws IOException {
        PlaybookOutput out = read("syntax-error.out");
        assertTrue(out.recap().isEmpty());
        assertEquals(1, out.errors().size());
        assertTrue(out.errors().get(0).startsWith("ERROR! this task 'nosuchmodule' has extra params"), out.errors().toString());
    }

    @Test
    void adHocResultsComeFromTheJsonCallback() {
        String json = """
                {"custom_stats": {}, "plays": [{"play": {"name": "Ansible Ad-Hoc"}, "tasks": [{"hosts": {
                  "a": {"action": "shell", "changed": true, "rc": 0, "stdout": "hi", "stderr": "err", "msg": ""},
                  "b": {"action": "shell", "changed": true, "failed": true, "rc": 2, "stdout": "", "stderr": "nope",
                        "msg": "non-zero return code"},
                  "c": {"action": "shell", "changed": false, "unreachable": true, "msg": "Connection refused"},
                  "d": {"action": "ping", "changed": false, "ping": "pong", "invocation": {"module_args": {}}},
                  "e": {"changed": false}}}]}], "stats": {}}
                """;
        List<AdHocResult> results = AnsibleAdHoc.parse("[WARNING]: noise before\n" + json, Set.of("a", "b", "c", "d"));
        assertEquals(List.of(
                new AdHocResult("a", "changed", true, "hi\nerr"),
                new AdHocResult("b", "failed", true, "nope\nnon-zero return code (rc=2)"),
                new AdHocResult("c", "unreachable", false, "Connection refused"),
                new AdHocResult("d", "ok", false, "{\"ping\": \"pong\"}")), results);
        assertTrue(AnsibleAdHoc.parse("not json", Set.of("a")).isEmpty());
    }

    @Test
    void jsonIsWrittenAsAnsiblePrintsItAndReadLineByLine() {
        Map<String, Object> value = AnsibleJson.object("{\"a\": [1, 2.5, true, null, \"x\\\"y\\u00e9\\n\"], \"b\": {}}");
        assertEquals("{\"a\": [1, 2.5, true, null, \"x\\\"y\u00e9\\n\"], \"b\": {}}", AnsibleJson.write(value));
        assertNull(AnsibleJson.object("[1]"));
        assertNull(AnsibleJson.object("{\"a\": "));
        AnsibleJson.Lines lines = new AnsibleJson.Lines();
        assertFalse(lines.complete("{\"a\": \"}{\","), "braces in a string do not count");
        assertFalse(lines.complete("  \"b\": ["));
        assertTrue(lines.complete("]}"));
    }

    static PlaybookOutput read(String name) throws IOException {
        PlaybookOutput out = new PlaybookOutput();
        try (InputStream in = PlaybookOutputTest.class.getResourceAsStream("/output/" + name)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(out);
        }
        return out;
    }
}
