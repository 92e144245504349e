package org.nubis.setup.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.setup.support.WorkerPool;

/** Finding ansible-playbook, its version, and the supported range. */
class AnsibleToolTest {

    @TempDir
    Path dir;
    private final WorkerPool readers = new WorkerPool("nubis-test-ansible-output", 2);
    private final AnsibleProcess processes = new AnsibleProcess(readers.executor());

    @AfterEach
    void closeReaders() {
        readers.close();
    }

    @Test
    void parsesTheFirstLineOfVersion() {
        AnsibleVersion v = AnsibleVersion.parse("ansible-playbook [core 2.14.18]\n  config file = None\n"
                + "  python version = 3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]\n");
        assertEquals(new AnsibleVersion(2, 14, 18, "ansible-playbook [core 2.14.18]"), v);
        assertEquals("2.14.18", v.number());
        assertEquals("2.16.0", AnsibleVersion.parse("ansible-playbook [core 2.16.0rc1]").number());
        assertEquals("2.9.27", AnsibleVersion.parse("ansible-playbook 2.9.27").number());
        assertEquals("2.17.0", AnsibleVersion.parse("ansible-playbook [core 2.17]").number());
        assertNull(AnsibleVersion.parse("usage: ansible-playbook [-h]"));
        assertNull(AnsibleVersion.parse(""));
        assertNull(AnsibleVersion.parse(null));
    }

    @Test
    void supportsAnsibleCore214To217Inclusive() {
        assertEquals("ansible-core 2.14 to 2.17", AnsibleVersion.SUPPORTED);
        for (String ok : new String[] {"2.14.0", "2.14.18", "2.15.13", "2.16.14", "2.17.0", "2.17.99"}) {
            assertTrue(AnsibleVersion.parse("ansible-playbook [core " + ok + "]").supported(), ok);
        }
        for (String no : new String[] {"2.13.13", "2.18.0", "2.9.27", "3.0.0", "1.17.0"}) {
            assertFalse(AnsibleVersion.parse("ansible-playbook [core " + no + "]").supported(), no);
        }
    }

    @Test
    void findsTheRealAnsiblePlaybookOnPath() {
        Path real = RealAnsible.require();
        AnsibleTool.Probe probe = new AnsibleTool("", new Workspace(dir.resolve("work")), processes).probe();
        assertTrue(probe.usable(), probe.problem());
        assertEquals(real, probe.playbook());
        assertTrue(probe.version().line().startsWith("ansible-playbook [core 2.1"), probe.version().line());
        assertNotNull(probe.adhoc(), "ansible next to ansible-playbook");
        System.out.println("Real Ansible: " + probe.describe());
        assertTrue(Files.isDirectory(dir.resolve("work/home")), "ANSIBLE_HOME is in the work directory");
    }

    @Test
    void refusesAnUnsupportedVersionInOneLineNamingTheRange() throws IOException {
        Path fake = fake("ansible-playbook", "ansible-playbook [core 2.18.1]");
        AnsibleTool tool = new AnsibleTool(fake.toString(), new Workspace(dir.resolve("work")), processes);
        assertEquals("ansible-core 2.18.1 is not supported (found 'ansible-playbook [core 2.18.1]' at " + fake
                + "); Nubis supports ansible-core 2.14 to 2.17", tool.probe().problem());

        // An upgrade in place is seen without a restart.
        Files.writeString(fake, "#!/bin/sh\necho 'ansible-playbook [core 2.16.3]'\necho '  config file = None'\n");
        AnsibleTool.Probe upgraded = tool.probe();
        assertTrue(upgraded.usable(), upgraded.problem());
        assertEquals("ansible-playbook [core 2.16.3]", upgraded.version().line());
    }

    @Test
    void saysHowToInstallItWhenMissing() {
        AnsibleTool.Probe probe = new AnsibleTool("", new Workspace(dir), processes, dir.resolve("empty").toString()).probe();
        assertEquals("ansible-playbook not found on PATH; install ansible-core (Debian: apt install ansible-core) "
                + "or set ansiblePlaybook in etc/org.nubis.setup.ansible.cfg", probe.problem());
        Path bogus = dir.resolve("no/such/ansible-playbook");
        assertEquals("ansible-playbook not found at " + bogus + " (ansiblePlaybook in etc/org.nubis.setup.ansible.cfg); "
                + "install ansible-core (Debian: apt install ansible-core) or fix ansiblePlaybook",
                new AnsibleTool(bogus.toString(), new Workspace(dir), processes).probe().problem());
    }

    @Test
    void aToolThatNamesNoVersionIsRefused() throws IOException {
        Path fake = fake("ansible-playbook", "something else");
        String problem = new AnsibleTool(fake.toString(), new Workspace(dir), processes).probe().problem();
        assertEquals(fake + " --version named no version: something else; Nubis supports ansible-core 2.14 to 2.17", problem);
    }

    private Path fake(String name, String firstLine) throws IOException {
        Path file = dir.resolve("bin").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\necho '" + firstLine + "'\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
