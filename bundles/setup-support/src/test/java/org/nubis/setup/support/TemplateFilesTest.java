package org.nubis.setup.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a template names, and how a setup reaches a node. */
class TemplateFilesTest {

    @TempDir
    Path dir;

    @Test
    void aRelativePathResolvesAgainstTheTemplateThenTheSharedDirectory() throws IOException {
        Path template = Files.createDirectories(dir.resolve("clusters"));
        Path shared = Files.createDirectories(dir.resolve("playbooks"));
        Files.writeString(template.resolve("local.yml"), "- hosts: all\n");
        Files.writeString(shared.resolve("common.yml"), "- hosts: all\n");
        Files.writeString(template.resolve("common.yml"), "- hosts: all\n");
        Files.createDirectories(template.resolve("subdir"));
        TemplateFiles playbooks = new TemplateFiles(template, shared, "playbook");

        assertEquals(template.resolve("common.yml"), playbooks.resolve("common.yml"), "the template's own first");
        Files.delete(template.resolve("common.yml"));
        assertEquals(shared.resolve("common.yml"), playbooks.resolve(" common.yml "));
        assertEquals(template.resolve("local.yml"), playbooks.resolve("../clusters/./local.yml"));
        assertNull(playbooks.problem(shared.resolve("common.yml").toString()));

        List<String> errors = new ArrayList<>();
        playbooks.check(errors, "kinds.k.setup.scripts", List.of("local.yml", "missing.yml", "subdir", " ", "/abs/none.yml"));
        assertEquals(List.of(
                "kinds.k.setup.scripts[1]: no such file " + template.resolve("missing.yml") + " (nor " + shared.resolve("missing.yml") + ")",
                "kinds.k.setup.scripts[2]: not a regular file " + template.resolve("subdir"),
                "kinds.k.setup.scripts[3]: empty playbook path",
                "kinds.k.setup.scripts[4]: no such file /abs/none.yml"), errors);
        assertEquals("no such file " + template.resolve("missing.sh"),
                new TemplateFiles(template, null, "script").problem("missing.sh"), "no shared directory, no 'nor'");
    }

    @Test
    void aNodesLoginIsItsOwnUserElseTheTemplatesAndNeedsAnAddress() {
        NodeLogin own = NodeLogin.of(TestRuns.node("a", " 203.0.113.7 ", null, 22, "ubuntu"), TestRuns.template("root", 60));
        assertEquals(new NodeLogin("203.0.113.7", 22, "ubuntu"), own);
        assertNull(own.problem());
        assertEquals("root", NodeLogin.of(TestRuns.node("a", "h", null, 22, " "), TestRuns.template("root", 60)).user());
        assertEquals("no SSH address yet (host null, port 0, user root)",
                NodeLogin.of(TestRuns.node("a", null, null, 0, null), TestRuns.template("root", 60)).problem());
        assertEquals("10.0.0.7", NodeLogin.peerAddress(TestRuns.node("a", "203.0.113.7", "10.0.0.7", 22, "u")));
        assertEquals("203.0.113.7", NodeLogin.peerAddress(TestRuns.node("a", "203.0.113.7", "", 22, "u")));
    }
}
