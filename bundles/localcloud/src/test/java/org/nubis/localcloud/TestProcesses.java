package org.nubis.localcloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process still runs; a zombie (killed, not yet reaped by PID 1) does not. */
final class TestProcesses {

    private TestProcesses() {
    }

    static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return !(end >= 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z');
        } catch (IOException e) {
            return false;
        }
    }
}
