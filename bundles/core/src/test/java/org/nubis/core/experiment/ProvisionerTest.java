package org.nubis.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cloud.PartialLaunchException;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.core.CoreThreads;
import org.nubis.core.fakes.FakeCloud;
import org.nubis.core.fakes.FakeClouds;
import org.nubis.core.cloud.LaunchesInFlight;
import org.nubis.core.fakes.FakeIdentity;
import org.nubis.core.fakes.MemoryExperiments;
import org.nubis.core.fakes.MemoryMachines;

class ProvisionerTest {

    private final FakeClouds clouds = new FakeClouds("local", "lab");
    private final FakeCloud cloud = clouds.get("local");
    private final MemoryMachines machines = new MemoryMachines();
    private final MemoryExperiments experiments = new MemoryExperiments(machines);
    private final ExecutorService cloudCalls = CoreThreads.bounded("test-cloud-call", 4);

    @BeforeEach
    void experiment() {
        experiments.create(new Experiment("exp", Instant.now()));
    }

    @AfterEach
    void stopPool() {
        cloudCalls.shutdownNow();
    }

    private List<Machine> provision(ProvisionRequest request) {
        return new Provisioner(clouds, experiments, machines, new FakeIdentity(), "lab-1", cloudCalls,
                new LaunchesInFlight()).provision("exp", request);
    }

    private static ProvisionRequest count(int n, String... tags) {
        return new ProvisionRequest(null, null, null, n, Set.of(tags));
    }

    private static List<String> ids(List<Machine> ms) {
        return ms.stream().map(Machine::id).toList();
    }

    @Test
    void theRecordsExistWithoutCloudIdsBeforeTheCloudIsAsked() {
        List<List<Machine>> seenAtLaunch = new ArrayList<>();
        List<LaunchSpec> specs = new ArrayList<>();
        cloud.onLaunch = spec -> {
            seenAtLaunch.add(machines.ofExperiment("exp"));
            specs.add(spec);
        };

        List<Machine> created = provision(count(2));

        List<Machine> planned = seenAtLaunch.get(0);
        assertEquals(List.of("exp-1", "exp-2"), ids(planned), "a crash during the launch leaves records to pair with");
        for (Machine m : planned) {
            assertNull(m.cloudId());
            assertEquals(InstanceState.PENDING, m.state());
            assertEquals(specs.get(0).tags().get(NubisTags.LAUNCH), m.launch(), "the launch tag ties instances to these records");
        }
        assertEquals(List.of("i-1", "i-2"), created.stream().map(Machine::cloudId).toList());
        assertEquals(created, machines.ofExperiment("exp"), "the paired records are stored");
    }

    @Test
    void everyInstanceGetsItsIdExperimentAndCloudAsTagsBesidesTheUsers() {
        List<Machine> created = provision(new ProvisionRequest("lab", null, null, 2, Set.of("worker", "gpu"), "#!/bin/sh\necho hi"));

        assertEquals(Set.of("exp-1", "exp", "lab", "worker", "gpu"), created.get(0).tags());
        assertEquals(Set.of("exp-2", "exp", "lab", "worker", "gpu"), created.get(1).tags());
        assertEquals("lab", created.get(0).cloud());
        assertTrue(cloud.launches().isEmpty(), "the named cloud, not the default one, was asked");

        LaunchSpec spec = clouds.get("lab").launches().get(0);
        assertEquals("lab-1", spec.tags().get(NubisTags.OWNER));
        assertEquals("exp", spec.tags().get(NubisTags.EXPERIMENT));
        assertEquals(List.of(FakeIdentity.PUBLIC_KEY), spec.publicKeys());
        assertEquals("#!/bin/sh\necho hi", spec.userData());
        assertEquals("img", spec.image(), "the catalog's default");
        assertEquals("small", spec.flavor(), "the catalog's default");
    }

    @Test
    void eachCloudInstanceIsTaggedWithTheIdOfItsRecord() {
        provision(count(3));
        for (Machine m : machines.ofExperiment("exp")) {
            assertEquals(m.id(), cloud.instance(m.cloudId()).tags().get(NubisTags.NODE));
        }
    }

    @Test
    void idsAreNeverHandedOutTwiceEvenWhenTheirRecordsAreGone() {
        provision(count(2));
        machines.delete(machines.ofExperiment("exp"));
        cloud.launchFailure = new CloudException("quota exceeded");
        assertThrows(CloudException.class, () -> provision(count(1)));
        cloud.launchFailure = null;

        assertEquals(List.of("exp-4", "exp-5"), ids(provision(count(2))));
    }

    @Test
    void aLaunchThatThrowsLeavesNoRecord() {
        CloudException refused = new CloudException("quota exceeded");
        cloud.launchFailure = refused;
        List<Integer> recordsAtLaunch = new ArrayList<>();
        cloud.onLaunch = spec -> recordsAtLaunch.add(machines.ofExperiment("exp").size());

        CloudException e = assertThrows(CloudException.class, () -> provision(count(3)));

        assertSame(refused, e, "the cloud's own error reaches the caller");
        assertEquals(List.of(3), recordsAtLaunch);
        assertEquals(List.of(), machines.all());
    }

    @Test
    void aPartialLaunchKeepsAndTracksWhatWasCreatedAndSaysSo() {
        cloud.createAtMost = 2;

        CloudException e = assertThrows(CloudException.class, () -> provision(count(3)));

        assertTrue(e.getMessage().startsWith("cloud 'local' launched only 2 of 3 instances (kept and tracked: exp-1, exp-2): "),
                e.getMessage());
        assertInstanceOf(PartialLaunchException.class, e.getCause());
        List<Machine> kept = machines.ofExperiment("exp");
        assertEquals(List.of("exp-1", "exp-2"), ids(kept), "the record nothing was created for is gone");
        assertEquals(List.of("i-1", "i-2"), kept.stream().map(Machine::cloudId).toList());
        assertEquals("exp-2", cloud.instance("i-2").tags().get(NubisTags.NODE));
        assertEquals(Set.of("i-1", "i-2"), cloud.live(), "nothing created is given back");
    }

    @Test
    void instancesBeyondTheRequestAreTerminatedAtOnce() {
        cloud.extra = 2;

        List<Machine> created = provision(count(2));

        assertEquals(List.of("i-1", "i-2"), created.stream().map(Machine::cloudId).toList());
        assertEquals(List.of("i-3", "i-4"), cloud.terminated());
        assertEquals(2, machines.all().size());
    }

    @Test
    void unknownImagesAndFlavorsAndTooManyInstancesAreRefusedBeforeAnythingIsCreated() {
        cloud.catalog = new CloudCatalog(List.of("debian", "ubuntu"), List.of("small", "large"), "debian", "small", 5);

        NotFoundException image = assertThrows(NotFoundException.class,
                () -> provision(new ProvisionRequest(null, "centos", null, 1, Set.of())));
        assertEquals("unknown image 'centos' on cloud 'local'; available: debian, ubuntu", image.getMessage());
        NotFoundException flavor = assertThrows(NotFoundException.class,
                () -> provision(new ProvisionRequest(null, null, "huge", 1, Set.of())));
        assertEquals("unknown flavor 'huge' on cloud 'local'; available: small, large", flavor.getMessage());
        InvalidRequestException many = assertThrows(InvalidRequestException.class, () -> provision(count(6)));
        assertEquals("count 6 is more than cloud 'local' launches in one request (at most 5)", many.getMessage());
        assertThrows(InvalidRequestException.class, () -> provision(count(0)));
        assertThrows(InvalidRequestException.class, () -> provision(count(1, "bad tag")));

        assertEquals(List.of(), cloud.launches());
        assertEquals(List.of(), machines.all());
        assertEquals(List.of("exp-1"), ids(provision(new ProvisionRequest(null, " ubuntu ", "large", 1, Set.of()))),
                "refused requests reserved no number");
        assertEquals("ubuntu", cloud.launches().get(0).image());
    }

    @Test
    void aCheckRefusesWhatAProvisionWouldAndCreatesNothing() {
        cloud.catalog = new CloudCatalog(List.of("debian"), List.of("small"), "debian", "small", 5);
        Provisioner provisioner = new Provisioner(clouds, experiments, machines, new FakeIdentity(), "lab-1", cloudCalls,
                new LaunchesInFlight());

        assertThrows(NotFoundException.class, () -> provisioner.check(new ProvisionRequest(null, "centos", null, 1, Set.of())));
        assertThrows(NotFoundException.class, () -> provisioner.check(new ProvisionRequest(null, null, "huge", 1, Set.of())));
        assertThrows(NotFoundException.class, () -> provisioner.check(new ProvisionRequest("nowhere", null, null, 1, Set.of())));
        assertThrows(InvalidRequestException.class, () -> provisioner.check(count(6)));
        assertThrows(InvalidRequestException.class, () -> provisioner.check(count(1, "bad tag")));
        provisioner.check(new ProvisionRequest(null, "debian", "small", 5, Set.of("web")));

        assertEquals(List.of(), cloud.launches());
        assertEquals(List.of(), machines.all());
        assertEquals(List.of("exp-1"), ids(provision(count(1))), "checks reserved no number");
    }

    @Test
    void anUnknownCloudIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> provision(new ProvisionRequest("nowhere", null, null, 1, Set.of())));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void anInstanceThatCannotBeTaggedWithItsIdIsStillProvisioned() {
        cloud.tagFailures.put("i-1", new CloudException("tagging is throttled"));

        List<Machine> created = provision(count(2));

        assertEquals(List.of("exp-1", "exp-2"), ids(created));
        CloudInstance first = cloud.instance("i-1");
        assertNull(first.tags().get(NubisTags.NODE));
        assertEquals("exp-2", cloud.instance("i-2").tags().get(NubisTags.NODE));
        assertEquals(created.get(0).launch(), first.tags().get(NubisTags.LAUNCH), "the launch tag still ties i-1 to exp-1");
    }
}
