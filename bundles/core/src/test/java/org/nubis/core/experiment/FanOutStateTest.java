package org.nubis.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.ExperimentRepository;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshEngine;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.SshTerminal;
import org.nubis.api.ssh.TransferResult;
import org.nubis.core.CoreConfig;
import org.nubis.core.fakes.FakeCloud;
import org.nubis.core.fakes.FakeClouds;
import org.nubis.core.fakes.MemoryMachines;

/**
 * What a fan-out asks the clouds: nothing about instances recorded as running, and about those SSH
 * could not reach, to say why or to reach them where they now are.
 */
class FanOutStateTest {

    private final FakeClouds clouds = new FakeClouds("a");
    private final FakeCloud cloud = clouds.get("a");
    private final MemoryMachines machines = new MemoryMachines();
    private final Hosts ssh = new Hosts();
    private final ExperimentServiceImpl experiments = new ExperimentServiceImpl();

    @BeforeEach
    void wire() {
        experiments.clouds = clouds;
        experiments.ssh = ssh;
        experiments.machines = machines;
        experiments.repository = new OneExperiment("exp");
        experiments.activate(new Config());
    }

    private Machine recorded(int n, CloudInstance c) {
        Machine m = Machine.plannedInstance("exp-" + n, "exp", "a", Set.of(), "img", "small", null, Instant.EPOCH).withCloud(c);
        machines.save(List.of(m));
        return m;
    }

    private List<CommandResult> run() throws InterruptedException {
        return experiments.run("exp", Set.of(), "hostname", null, false, Progress.none());
    }

    @Test
    void instancesRecordedAsRunningAreNotAskedAbout() throws Exception {
        CloudInstance one = cloud.add(InstanceState.RUNNING, Map.of());
        CloudInstance two = cloud.add(InstanceState.RUNNING, Map.of());
        recorded(1, one);
        recorded(2, two);
        ssh.up(one.sshPort(), two.sshPort());
        // The cloud would say so if asked; SSH answers, so nobody asks.
        cloud.set(two.cloudId(), InstanceState.STOPPED);

        List<CommandResult> results = run();
        assertEquals(List.of(0, 0), results.stream().map(CommandResult::exitCode).toList());
        assertEquals(InstanceState.RUNNING, machines.ofExperiment("exp").get(1).state());
    }

    @Test
    void anInstanceSshCannotReachGetsItsStateFromTheCloudAsItsResult() throws Exception {
        CloudInstance one = cloud.add(InstanceState.RUNNING, Map.of());
        CloudInstance two = cloud.add(InstanceState.RUNNING, Map.of());
        recorded(1, one);
        recorded(2, two);
        ssh.up(one.sshPort());
        cloud.set(two.cloudId(), InstanceState.STOPPED);

        List<CommandResult> results = run();
        assertNull(results.get(0).error());
        assertEquals("instance is stopped (set by the test)", results.get(1).error());
        assertEquals(InstanceState.STOPPED, machines.ofExperiment("exp").get(1).state(), "the new state is stored");
    }

    @Test
    void anUnreachableInstanceStillRunningKeepsItsSshErrorAndIsNotTriedAgainUnlessRefused() throws Exception {
        CloudInstance silent = cloud.add(InstanceState.RUNNING, Map.of());
        CloudInstance refusing = cloud.add(InstanceState.RUNNING, Map.of());
        recorded(1, silent);
        recorded(2, refusing);
        ssh.timesOut.add(silent.sshPort());

        Map<String, String> errors = new java.util.HashMap<>();
        run().forEach(r -> errors.put(r.targetId(), r.error()));
        assertEquals(Map.of("exp-1", "timed out connecting after 10 s", "exp-2", "connection refused"), errors);
        assertEquals(1, ssh.tries(silent.sshPort()), "a time-out is not waited for twice");
        assertEquals(2, ssh.tries(refusing.sshPort()), "a refused connection is tried once more, not more");
    }

    @Test
    void aRefusedConnectionIsTriedOnceMoreAfterTheCloudWasAsked() throws Exception {
        // As when the local cloud had stopped: asking about the instance starts it again.
        CloudInstance c = cloud.add(InstanceState.RUNNING, Map.of());
        recorded(1, c);
        ssh.refuseOnce.add(c.sshPort());

        assertNull(run().get(0).error());
        assertEquals(2, ssh.tries(c.sshPort()));
    }

    @Test
    void anInstanceNotRecordedAsRunningIsAskedAboutBeforeTheFanOut() throws Exception {
        CloudInstance c = cloud.add(InstanceState.RUNNING, Map.of());
        recorded(1, new CloudInstance(c.cloudId(), InstanceState.PENDING, null, Map.of(), null, null, 0, "root",
                "img", "small", c.launchedAt()));
        ssh.up(c.sshPort());

        assertNull(run().get(0).error());
        assertEquals(InstanceState.RUNNING, machines.ofExperiment("exp").get(0).state());
    }

    @Test
    void anInstanceThatMovedIsTriedAgainAtItsNewAddress() throws Exception {
        CloudInstance c = cloud.add(InstanceState.RUNNING, Map.of());
        recorded(1, new CloudInstance(c.cloudId(), InstanceState.RUNNING, null, Map.of(), "127.0.0.1", null, 1, "root",
                "img", "small", c.launchedAt()));
        ssh.up(c.sshPort());

        CommandResult result = run().get(0);
        assertNull(result.error());
        assertEquals(List.of(1, c.sshPort()), ssh.ports, "the old port, then the new one");
        assertEquals(c.sshPort(), machines.ofExperiment("exp").get(0).sshPort());
    }

    /** SSH that answers on some ports of 127.0.0.1 and refuses the others. */
    private static final class Hosts implements SshEngine {
        final Set<Integer> up = ConcurrentHashMap.newKeySet();
        /** Ports whose connection times out. */
        final Set<Integer> timesOut = ConcurrentHashMap.newKeySet();
        /** Ports that refuse the first connection and are up from then on. */
        final Set<Integer> refuseOnce = ConcurrentHashMap.newKeySet();
        final List<Integer> ports = new ArrayList<>();

        void up(int... p) {
            for (int port : p) {
                up.add(port);
            }
        }

        synchronized int tries(int port) {
            return (int) ports.stream().filter(p -> p == port).count();
        }

        @Override
        public synchronized List<CommandResult> run(Collection<SshTarget> targets, String command, Duration timeout,
                                                    Progress<CommandResult> progress) {
            return each(targets, t -> up.contains(t.port()) || (refuseOnce.contains(t.port()) && tries(t.port()) > 1)
                    ? new CommandResult(t.id(), 0, "ok", "", Duration.ZERO, null)
                    : new CommandResult(t.id(), -1, "", "", Duration.ZERO,
                            timesOut.contains(t.port()) ? "timed out connecting after 10 s" : "connection refused"));
        }

        private <R> List<R> each(Collection<SshTarget> targets, Function<SshTarget, R> one) {
            List<R> results = new ArrayList<>();
            for (SshTarget t : targets) {
                ports.add(t.port());
                results.add(one.apply(t));
            }
            return results;
        }

        @Override
        public List<TransferResult> put(Collection<SshTarget> targets, Path localFile, String remotePath,
                                        Progress<TransferResult> progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TransferResult> get(Collection<SshTarget> targets, String remotePath, Function<SshTarget, Path> localFile,
                                        Progress<TransferResult> progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int shell(SshTarget target, SshTerminal terminal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forget(String targetId) {
        }
    }

    private record OneExperiment(String name) implements ExperimentRepository {
        @Override
        public void create(Experiment experiment) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Experiment> find(String wanted) {
            return wanted.equals(name) ? Optional.of(new Experiment(name, Instant.EPOCH)) : Optional.empty();
        }

        @Override
        public List<Experiment> list() {
            return List.of(new Experiment(name, Instant.EPOCH));
        }

        @Override
        public void delete(String wanted) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long reserveInstanceNumbers(String experiment, int count) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Config implements CoreConfig {
        @Override
        public String defaultCloud() {
            return "a";
        }

        @Override
        public String owner() {
            return "test@host";
        }

        @Override
        public int waitTimeoutSeconds() {
            return 30;
        }

        @Override
        public String clusterTemplateDir() {
            return "";
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return CoreConfig.class;
        }
    }
}
