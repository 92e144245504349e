package org.nubis.localcloud.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes sandboxes down as a machine shuts down: the instance shows stopping or shutting-down while its sessions
 * close, its port closes and its processes get TERM and up to {@code shutdownGrace} to end (then KILL); only then
 * is it stopped, or terminated with its sandbox directory deleted. Each step has a begin (the state change, at
 * once) and a finish (the slow part), so that a face can answer before the processes are gone, as EC2 does.
 */
final class SandboxShutdowns {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxShutdowns.class);

    private final SandboxSshServer ssh;
    private final Duration grace;

    SandboxShutdowns(SandboxSshServer ssh, Duration grace) {
        this.ssh = ssh;
        this.grace = grace;
    }

    /** How long a finish may take at most: the grace, then the KILL rounds. */
    Duration longest() {
        return grace.plusSeconds(15);
    }

    /** Pending, running, stopping or stopped ones → shutting-down; returns those that changed. */
    List<Sandbox> beginTerminate(List<Sandbox> targets) {
        return begin(targets, s -> s != InstanceState.TERMINATED && s != InstanceState.SHUTTING_DOWN,
                InstanceState.SHUTTING_DOWN);
    }

    /** Ends what {@link #beginTerminate} began: processes gone, sandbox directory deleted, terminated. */
    void finishTerminate(List<Sandbox> halting) {
        halt(halting);
        for (Sandbox sandbox : halting) {
            deleteSandbox(sandbox);
            synchronized (sandbox) {
                if (sandbox.state() == InstanceState.SHUTTING_DOWN) {
                    sandbox.moveTo(InstanceState.TERMINATED, SandboxCloud.USER_SHUTDOWN_REASON);
                }
            }
        }
    }

    /** Pending or running ones → stopping; returns those that changed. */
    List<Sandbox> beginStop(List<Sandbox> targets) {
        return begin(targets, s -> s == InstanceState.PENDING || s == InstanceState.RUNNING, InstanceState.STOPPING);
    }

    /** Moves the targets whose state is one {@code from} takes to {@code to} at once, their boot cancelled. */
    private static List<Sandbox> begin(List<Sandbox> targets, Predicate<InstanceState> from, InstanceState to) {
        List<Sandbox> changed = new ArrayList<>();
        for (Sandbox sandbox : targets) {
            synchronized (sandbox) {
                if (from.test(sandbox.state())) {
                    sandbox.cancelBoot();
                    sandbox.moveTo(to, SandboxCloud.USER_SHUTDOWN_REASON);
                    changed.add(sandbox);
                }
            }
        }
        return changed;
    }

    /** Ends what {@link #beginStop} began; an instance terminated meanwhile is left to its terminate. */
    void finishStop(List<Sandbox> stopping) {
        halt(stopping);
        for (Sandbox sandbox : stopping) {
            synchronized (sandbox) {
                if (sandbox.state() == InstanceState.STOPPING) {
                    sandbox.moveTo(InstanceState.STOPPED, SandboxCloud.USER_SHUTDOWN_REASON);
                }
            }
        }
    }

    /** After the engine killed every process at once (shut down, or restored after a crash): the state it would have reached. */
    static void settleWithoutProcesses(Sandbox sandbox) {
        synchronized (sandbox) {
            if (sandbox.state() == InstanceState.STOPPING) {
                sandbox.moveTo(InstanceState.STOPPED, SandboxCloud.USER_SHUTDOWN_REASON);
            } else if (sandbox.state() == InstanceState.SHUTTING_DOWN) {
                deleteSandbox(sandbox);
                sandbox.moveTo(InstanceState.TERMINATED, SandboxCloud.USER_SHUTDOWN_REASON);
            }
        }
    }

    /** No new sessions or processes; existing sessions closed, processes asked to end, then killed. */
    private void halt(List<Sandbox> targets) {
        if (targets.isEmpty()) {
            return;
        }
        List<ProcessHandle> roots = new ArrayList<>();
        for (Sandbox sandbox : targets) {
            sandbox.processes().close();
            ssh.stopListening(sandbox, sandbox.sshPort());
            roots.addAll(sandbox.processes().roots());
        }
        ProcessReaper.shutDown(targets.stream().map(Sandbox::id).toList(), roots, grace);
    }

    private static void deleteSandbox(Sandbox sandbox) {
        try {
            sandbox.files().deleteSandbox();
        } catch (IOException e) {
            LOG.warn("{}: cannot delete sandbox directory: {}", sandbox.id(), e.toString());
        }
    }
}
