package org.nubis.localcloud.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.command.Command;

/** What every command run in a sandbox holds: what to run, where, and the channel's streams. */
abstract class SandboxCommand implements Command {

    protected final SandboxProcesses processes;
    protected final List<String> argv;
    protected final Executor io;
    protected InputStream in;
    protected OutputStream out;
    protected OutputStream err;
    protected ExitCallback exitCallback;

    SandboxCommand(SandboxProcesses processes, List<String> argv, Executor io) {
        this.processes = processes;
        this.argv = List.copyOf(argv);
        this.io = io;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }
}
