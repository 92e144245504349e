package org.nubis.setup.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.nubis.setup.support.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of one run and the Ansible commands run in it: {@code inventory.yml}, {@code ansible.cfg}
 * (ANSIBLE_CONFIG), {@code known_hosts}, {@code vars.json} (extra vars, 0600), {@code *.limit} files,
 * {@code ansible.log} (every line of every command), {@code facts/} and {@code tmp/}. Closing it ends
 * the run's shared SSH connections.
 */
final class AnsibleRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnsibleRun.class);
    private static final long MASTER_EXIT_SECONDS = 5;

    final Path dir;
    final Path inventory;
    final Path config;
    final Path knownHosts;
    final Path vars;
    final Path log;
    private final Path controlDir;
    private final Map<String, String> env;
    private final AnsibleProcess processes;

    private AnsibleRun(Path dir, Path controlDir, Map<String, String> env, AnsibleProcess processes) {
        this.dir = dir;
        this.inventory = dir.resolve("inventory.yml");
        this.config = dir.resolve("ansible.cfg");
        this.knownHosts = dir.resolve("known_hosts");
        this.vars = dir.resolve("vars.json");
        this.log = dir.resolve("ansible.log");
        this.controlDir = controlDir;
        this.env = env;
        this.processes = processes;
    }

    /** Writes a new run's files; its commands run through {@code processes}. */
    static AnsibleRun create(Workspace workspace, AnsibleProcess processes, String cluster, String prefix,
                             List<RunFiles.Host> hosts, List<String> groupOrder, Path privateKey,
                             Map<String, String> setupVars, int forks) throws IOException {
        workspace.prepareHome();
        Path dir = workspace.newRun(cluster, prefix);
        String problem = RunFiles.cfgPathProblem(dir);
        if (problem != null) {
            throw new IOException(problem + "; set workDir in " + AnsibleTool.CONFIG_FILE);
        }
        Path controlDir = workspace.controlDir(Integer.toHexString(dir.toString().hashCode()) + "-"
                + Long.toHexString(System.nanoTime() & 0xffffL));
        Map<String, String> env = workspace.environment(Map.of("ANSIBLE_CONFIG", dir.resolve("ansible.cfg").toString()),
                dir.resolve("tmp"));
        AnsibleRun run = new AnsibleRun(dir, controlDir, env, processes);
        PrivateFiles.write(run.inventory, RunFiles.inventory(cluster, dir.getFileName().toString(), hosts, groupOrder,
                privateKey));
        PrivateFiles.write(run.knownHosts, RunFiles.knownHosts(hosts));
        PrivateFiles.write(run.vars, RunFiles.extraVars(setupVars));
        PrivateFiles.write(run.config, RunFiles.ansibleCfg(dir, run.inventory, run.knownHosts, controlDir, forks));
        PrivateFiles.write(run.log, "");
        return run;
    }

    /** A file listing hosts for {@code --limit @file}. */
    Path limit(String name, Collection<String> hosts) throws IOException {
        Path file = dir.resolve(name + ".limit");
        PrivateFiles.write(file, String.join("\n", hosts) + "\n");
        return file;
    }

    AnsibleProcess.Outcome run(List<String> command, Map<String, String> extraEnv, Consumer<String> listener,
                               StringBuilder stdout, long deadline) throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extraEnv);
        return processes.run(command, all, dir, log, listener, stdout, deadline);
    }

    /** Ends the shared SSH connections (ControlPersist masters live on by themselves) and removes local temp files. */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted(); // a cancelled run still ends its connections
        if (controlDir != null && Files.isDirectory(controlDir)) {
            Path ssh = AnsibleTool.onPath("ssh");
            List<Path> sockets = new ArrayList<>();
            try (Stream<Path> list = Files.list(controlDir)) {
                list.forEach(sockets::add);
            } catch (IOException e) {
                LOG.debug("Cannot list {}: {}", controlDir, e.toString());
            }
            for (Path socket : sockets) {
                if (ssh == null) {
                    break;
                }
                try {
                    Process exit = new ProcessBuilder(ssh.toString(), "-F", "/dev/null", "-o", "ControlPath=" + socket,
                            "-O", "exit", "nubis-control-master").redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (!exit.waitFor(MASTER_EXIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                        exit.destroyForcibly();
                    }
                } catch (IOException e) {
                    LOG.debug("Cannot end the SSH master {}: {}", socket, e.toString());
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            PrivateFiles.deleteTree(controlDir);
        }
        PrivateFiles.deleteTree(dir.resolve("tmp"));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
