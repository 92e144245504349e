package org.nubis.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.CloudException;
import org.nubis.api.ConflictException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.CommandFailedException;
import org.nubis.api.experiment.NotReadyException;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshTarget;
import org.nubis.api.ssh.TransferResult;
import org.nubis.core.CoreFixtures;
import org.nubis.core.CoreThreads;
import org.nubis.core.fakes.FakeCloud;
import org.nubis.core.fakes.FakeClouds;
import org.nubis.core.fakes.FakeIdentity;
import org.nubis.core.fakes.FakeSsh;
import org.nubis.core.fakes.MemoryExperiments;
import org.nubis.core.fakes.MemoryMachines;

class ExperimentServiceImplTest {

    private final FakeClouds clouds = new FakeClouds("local");
    private final FakeCloud cloud = clouds.get("local");
    private final MemoryMachines machines = new MemoryMachines();
    private final MemoryExperiments experiments = new MemoryExperiments(machines);
    private final FakeSsh ssh = new FakeSsh();
    private final CoreThreads threads = CoreFixtures.threads();
    private final ExperimentServiceImpl service = new ExperimentServiceImpl();

    @BeforeEach
    void activate() {
        service.clouds = clouds;
        service.ssh = ssh;
        service.identity = new FakeIdentity();
        service.repository = experiments;
        service.machines = machines;
        service.threads = threads;
        service.launches = new org.nubis.core.cloud.LaunchesInFlight();
        service.activate(CoreFixtures.config("lab-1", 300));
    }

    @AfterEach
    void stop() {
        CoreFixtures.stop(threads);
    }

    /** exp-1 and exp-2 tagged worker, exp-3 tagged head; all running on the fake cloud as i-1..i-3. */
    private void threeInstances() {
        service.create("exp");
        service.provision("exp", new ProvisionRequest(null, null, null, 2, Set.of("worker")));
        service.provision("exp", new ProvisionRequest(null, null, null, 1, Set.of("head")));
    }

    private static List<String> ids(List<Machine> ms) {
        return ms.stream().map(Machine::id).toList();
    }

    // --- experiments and selection --------------------------------------------------------------

    @Test
    void namesAreCheckedAndTakenOnce() {
        service.create("exp");
        assertThrows(ConflictException.class, () -> service.create("exp"));
        assertThrows(InvalidRequestException.class, () -> service.create("no spaces"));
        assertEquals(List.of("exp"), service.experiments().stream().map(e -> e.name()).toList());
    }

    @Test
    void selectingFromAnUnknownExperimentOrByTagsNobodyCarriesIsNotFound() {
        threeInstances();
        NotFoundException unknown = assertThrows(NotFoundException.class, () -> service.list("nope", Set.of()));
        assertEquals("no experiment named 'nope'; experiments: exp", unknown.getMessage());
        NotFoundException noMatch = assertThrows(NotFoundException.class, () -> service.list("exp", Set.of("gpu")));
        assertTrue(noMatch.getMessage().startsWith("no instance of experiment 'exp' carries tag gpu; tags in use: exp, exp-1"),
                noMatch.getMessage());
        assertThrows(InvalidRequestException.class, () -> service.list("exp", Set.of("-bad")));
        assertEquals(List.of("exp-1", "exp-2"), ids(service.list("exp", Set.of("worker"))));
    }

    @Test
    void listTakesTheStateTheCloudReportsAndStoresIt() {
        threeInstances();
        cloud.set("i-2", InstanceState.STOPPED);

        List<Machine> listed = service.list("exp", Set.of());

        assertEquals(InstanceState.STOPPED, listed.get(1).state());
        assertEquals(InstanceState.STOPPED, machines.ofExperiment("exp").get(1).state());
    }

    @Test
    void hostnamesNameThePortWhenSshIsNotOn22() {
        threeInstances();
        assertEquals(List.of("127.0.0.1:40001", "127.0.0.1:40002"), service.hostnames("exp", Set.of("worker"), false));
        assertEquals(List.of("10.0.0.3"), service.hostnames("exp", Set.of("head"), true));
    }

    // --- fan-outs -------------------------------------------------------------------------------

    @Test
    void runReportsEverySelectedInstanceInSelectionOrderUnreachableOnesIncluded() throws Exception {
        threeInstances();
        cloud.set("i-2", InstanceState.STOPPED);
        service.list("exp", Set.of()); // the records learn that i-2 stopped
        ssh.exits("exp-3", 0, "head\n", "");
        List<CommandResult> progress = new CopyOnWriteArrayList<>();

        List<CommandResult> results = service.run("exp", Set.of(), "hostname", "alice", false, (r, d, t) -> progress.add(r));

        assertEquals(List.of("exp-1", "exp-2", "exp-3"), results.stream().map(CommandResult::targetId).toList());
        assertEquals("instance is stopped (set by the test)", results.get(1).error());
        assertEquals(-1, results.get(1).exitCode());
        assertEquals("head\n", results.get(2).stdout());
        FakeSsh.Call call = ssh.calls("run").get(0);
        assertEquals(List.of("exp-1", "exp-3"), call.ids(), "SSH is not tried on an instance that is not running");
        assertEquals("hostname", call.what());
        assertEquals(List.of("alice", "alice"), call.targets().stream().map(SshTarget::user).toList());
        assertEquals(40003, call.targets().get(1).port());
        assertEquals(2, progress.size(), "progress is the engine's, for the hosts it ran on");
    }

    @Test
    void withExitCodeCheckingAnyFailureThrowsCarryingEveryResult() throws Exception {
        threeInstances();
        // Stopped behind Nubis's back: recorded as running, so SSH is tried, fails, and the cloud is asked.
        cloud.set("i-2", InstanceState.STOPPED);
        ssh.fails("exp-2", "connection refused");
        ssh.exits("exp-3", 2, "", "no such file");

        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> service.run("exp", Set.of(), "cat x", null, true, Progress.none()));

        assertEquals("2 of 3 instances failed: exp-2 instance is stopped (set by the test); exp-3 exit status 2", e.getMessage());
        assertEquals(List.of("exp-1", "exp-2", "exp-3"), e.results().stream().map(CommandResult::targetId).toList());
        assertTrue(e.results().get(0).succeeded());
        assertEquals("root", ssh.calls("run").get(0).targets().get(0).user(), "no user given: the instance's own");
        assertEquals(1, ssh.calls("run").size(), "a stopped instance is not tried again");
    }

    @Test
    void withExitCodeCheckingAllSucceedingReturnsTheResults() throws Exception {
        threeInstances();
        assertEquals(3, service.run("exp", Set.of(), "true", null, true, Progress.none()).size());
        assertThrows(InvalidRequestException.class, () -> service.run("exp", Set.of(), " ", null, true, Progress.none()));
    }

    @Test
    void copyAndRunRunsOnlyWhereTheScriptArrivedAndQuotesItsArguments(@TempDir Path dir) throws Exception {
        threeInstances();
        Path script = Files.writeString(dir.resolve("my job.sh"), "#!/bin/sh\necho \"$@\"\n");
        ssh.transferFails("exp-2", "disk full");

        List<CommandResult> results = service.copyAndRun("exp", Set.of(), script, List.of("a b", "it's"), null, false,
                Progress.none());

        assertEquals("could not copy the script: disk full", results.get(1).error());
        String remote = ssh.calls("put").get(0).what();
        assertTrue(remote.matches("\\.nubis-run-[0-9a-f]{8}-my_job\\.sh"), remote);
        FakeSsh.Call run = ssh.calls("run").get(0);
        assertEquals(List.of("exp-1", "exp-3"), run.ids());
        assertEquals("chmod 700 '" + remote + "' && ./'" + remote + "' 'a b' 'it'\"'\"'s'; rc=$?; rm -f '" + remote
                + "'; exit $rc", run.what());
    }

    @Test
    void getNamesEachLocalCopyAfterItsInstanceWhenSeveralMatch(@TempDir Path dir) throws Exception {
        threeInstances();
        List<TransferResult> several = service.get("exp", Set.of("worker"), "/var/log/app.log", dir, null, Progress.none());
        assertEquals(List.of(dir.resolve("app.log.exp-1").toString(), dir.resolve("app.log.exp-2").toString()),
                several.stream().map(TransferResult::localPath).toList());
        List<TransferResult> one = service.get("exp", Set.of("head"), "/var/log/app.log", dir.resolve("head.log"), null,
                Progress.none());
        assertEquals(dir.resolve("head.log").toString(), one.get(0).localPath());
        assertThrows(InvalidRequestException.class, () -> service.get("exp", Set.of(), "/x", dir.resolve("no/such/dir/f"), null,
                Progress.none()));
    }

    @Test
    void putRefusesAMissingLocalFileBeforeAnyConnection(@TempDir Path dir) {
        threeInstances();
        assertThrows(InvalidRequestException.class, () -> service.put("exp", Set.of(), dir.resolve("missing"), "/tmp/x", null,
                Progress.none()));
        assertEquals(List.of(), ssh.calls);
    }

    // --- readiness ------------------------------------------------------------------------------

    @Test
    void awaitReadyReturnsTheInstancesWhenEveryProbePasses() throws Exception {
        threeInstances();
        List<String> reported = new ArrayList<>();

        List<Machine> ready = service.awaitReady("exp", Set.of(), Duration.ofSeconds(30), (m, done, total) ->
                reported.add(m.id() + " " + done + "/" + total));

        assertEquals(List.of("exp-1", "exp-2", "exp-3"), ids(ready));
        assertEquals(List.of("exp-1 1/3", "exp-2 2/3", "exp-3 3/3"), reported);
        assertEquals(List.of("true"), ssh.calls("run").stream().map(FakeSsh.Call::what).toList(), "one probe round");
    }

    @Test
    void awaitReadyBegunWhileAProvisionWaitsForItsCloudSeesTheInstancesItCreates() throws Exception {
        service.create("exp");
        CountDownLatch cloudAnswers = new CountDownLatch(1);
        cloud.onLaunch = spec -> {
            try {
                cloudAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<List<Machine>> provisioned = callers.submit(() ->
                    service.provision("exp", new ProvisionRequest(null, null, null, 2, Set.of())));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (machines.ofExperiment("exp").size() < 2 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(2, machines.ofExperiment("exp").size(), "the records are written before the cloud is asked");
            Future<List<Machine>> waited = callers.submit(() ->
                    service.awaitReady("exp", Set.of(), Duration.ofSeconds(5), Progress.none()));
            Thread.sleep(300); // a round or two of the wait sees records without cloud ids
            cloudAnswers.countDown();

            assertEquals(2, provisioned.get(10, TimeUnit.SECONDS).size());
            assertEquals(List.of("exp-1", "exp-2"), ids(waited.get(10, TimeUnit.SECONDS)));
        } finally {
            cloudAnswers.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void awaitReadyTimesOutNamingEachInstanceThatIsNotReadyAndWhy() {
        threeInstances();
        ssh.fails("exp-2", "connection refused");
        cloud.set("i-3", InstanceState.PENDING);

        NotReadyException e = assertThrows(NotReadyException.class,
                () -> service.awaitReady("exp", Set.of(), Duration.ofMillis(150), Progress.none()));

        assertEquals(List.of("exp-2", "exp-3"), List.copyOf(new java.util.TreeSet<>(e.notReady().keySet())));
        assertEquals("running; SSH: connection refused", e.notReady().get("exp-2"));
        assertEquals("pending", e.notReady().get("exp-3"));
        assertTrue(e.getMessage().matches("2 of 3 instances not ready after \\d+ s: .*"), e.getMessage());
        assertTrue(e.getMessage().contains("exp-2 (running; SSH: connection refused)"), e.getMessage());
        assertTrue(e.getMessage().contains("exp-3 (pending)"), e.getMessage());
    }

    @Test
    void awaitReadyEndsAsSoonAsOneInstanceIsTerminated() {
        threeInstances();
        ssh.fails("exp-1", "connection refused");
        cloud.set("i-2", InstanceState.TERMINATED);

        // A generous limit: only the early end makes this test quick.
        NotReadyException e = assertThrows(NotReadyException.class,
                () -> service.awaitReady("exp", Set.of(), Duration.ofSeconds(60), Progress.none()));

        assertTrue(e.getMessage().contains("can never all become ready"), e.getMessage());
        assertEquals("terminated: set by the test", e.notReady().get("exp-2"));
        assertEquals("running; SSH: connection refused", e.notReady().get("exp-1"));
    }

    @Test
    void awaitReadyRefusesALimitThatIsNotPositive() {
        threeInstances();
        assertThrows(InvalidRequestException.class, () -> service.awaitReady("exp", Set.of(), Duration.ZERO, Progress.none()));
        assertThrows(InvalidRequestException.class, () -> service.awaitReady("exp", Set.of(), Duration.ofSeconds(-1),
                Progress.none()));
    }

    // --- deprovisioning -------------------------------------------------------------------------

    @Test
    void deprovisionTerminatesOnTheCloudAndForgetsRecordsAndHostKeys() {
        threeInstances();

        List<Machine> gone = service.deprovision("exp", Set.of("worker"));

        assertEquals(List.of("exp-1", "exp-2"), ids(gone));
        gone.forEach(m -> assertEquals(InstanceState.TERMINATED, m.state()));
        assertEquals(List.of("i-1", "i-2"), cloud.terminated());
        assertEquals(List.of("exp-3"), ids(machines.ofExperiment("exp")));
        assertEquals(List.of("exp-1", "exp-2"), ssh.forgotten);
    }

    @Test
    void whenTheCloudFailsToTerminateTheRecordsStay() {
        threeInstances();
        cloud.terminateFails = true;

        assertThrows(CloudException.class, () -> service.deprovision("exp", Set.of()));

        assertEquals(List.of("exp-1", "exp-2", "exp-3"), ids(machines.ofExperiment("exp")), "nothing is lost track of");
        assertEquals(List.of(), ssh.forgotten);
    }

    @Test
    void destroyDeprovisionsEverythingThenForgetsTheExperiment() {
        threeInstances();
        cloud.terminateFails = true;
        assertThrows(CloudException.class, () -> service.destroy("exp"));
        assertEquals("exp", service.experiment("exp").name(), "kept while its instances may still run");

        cloud.terminateFails = false;
        service.destroy("exp");

        assertEquals(Set.of(), cloud.live());
        assertEquals(List.of(), machines.all());
        assertThrows(NotFoundException.class, () -> service.experiment("exp"));
        assertThrows(NotFoundException.class, () -> service.destroy("exp"));
    }

    @Test
    void anExperimentWithoutInstancesIsDestroyedWithoutAskingAnyCloud() {
        service.create("empty");
        cloud.down = true;
        cloud.terminateFails = true;
        service.destroy("empty");
        assertEquals(List.of(), service.experiments());
    }

    @Test
    void anInstanceTheCloudHasNotCreatedYetIsForgottenWithoutACloudCall() throws IOException {
        service.create("exp");
        machines.save(List.of(Machine.plannedInstance("exp-1", "exp", "local", Set.of(), "img", "small", "L", Instant.now())));

        assertEquals(List.of("exp-1"), ids(service.deprovision("exp", Set.of())));
        assertEquals(List.of(), cloud.terminated());
        assertEquals(List.of(), machines.all());
    }
}
