package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nubis.api.NubisException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudConfigurations;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cloud.SupportResources;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.StartOptions;
import org.nubis.api.experiment.ExperimentService;
import org.nubis.api.experiment.NotReadyException;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.SshIdentity;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.ops4j.pax.exam.util.Filter;

/**
 * The ec2 provider (AWS SDK v2) in the real distribution, against the EC2 face of the local cloud:
 * installed at run time, an experiment and a cluster end to end, reconcile of an instance launched
 * behind Nubis's back, fault runs that must leave no untracked instance, key pair or security group,
 * and hot deploy.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class Ec2IT extends NubisTestSupport {

    private static final long LONG = 240_000L;
    static final String CLOUD = "ec2local";
    /** A cloud of its own for the fault runs, so that its key pair and security group are made under faults. */
    private static final String THROTTLED = "ec2faulty";

    @Inject
    @Filter(timeout = 120_000)
    ExperimentService experiments;

    @Inject
    @Filter(timeout = 120_000)
    ClusterService clusters;

    @Inject
    @Filter(timeout = 120_000)
    CloudRegistry clouds;

    @Inject
    @Filter(timeout = 120_000)
    CloudConfigurations configurations;

    @Inject
    @Filter(timeout = 120_000)
    SshIdentity identity;

    @Before
    public void ec2Cloud() throws Exception {
        installAndAssertFeature("nubis-provider-ec2");
        defineCloud(CLOUD, Map.of());
    }

    /** A cloud of type ec2 on the local cloud's EC2 face (started with the local cloud itself). */
    private void defineCloud(String name, Map<String, String> extra) throws Exception {
        clouds.connection("local").catalog(); // starts the local cloud if it is not running
        LocalCloudApi local = LocalCloudApi.ofKaraf();
        JsonNode info = Rest.JSON.readTree(local.home().resolve("localcloud.json").toFile());
        int port = info.path("ec2Port").asInt();
        assertTrue("the local cloud runs an EC2 face: " + info, port > 0);
        Map<String, String> credentials = local.ec2Credentials();
        Map<String, String> settings = new HashMap<>(Map.of("region", "us-east-1", "endpoint", "http://127.0.0.1:" + port,
                "image", "ami-sandbox", "instanceType", "small", "sshUser", "root"));
        settings.putAll(extra);
        configurations.define(name, "ec2", settings, credentials);
        await(() -> clouds.clouds().stream().anyMatch(c -> c.name().equals(name) && c.available()), 30);
    }

    @Test
    public void anExperimentOnEc2EndToEnd() throws Exception {
        experiments.create("ec2exp");
        try {
            List<Machine> created = experiments.provision("ec2exp", new ProvisionRequest(CLOUD, null, null, 3, Set.of("w")));
            assertEquals(3, created.size());
            assertTrue(created.get(0).cloudId(), created.get(0).cloudId().startsWith("i-"));
            List<Machine> ready = experiments.awaitReady("ec2exp", Set.of(), Duration.ofSeconds(120), Progress.none());
            ready.forEach(i -> assertTrue(i + " has its sandbox's port", i.sshPort() > 0 && i.sshPort() != 22));
            List<CommandResult> ran = experiments.run("ec2exp", Set.of("w"), "echo on-ec2", null, true, Progress.none());
            ran.forEach(r -> assertEquals("on-ec2\n", r.stdout()));

            Path dir = Files.createTempDirectory("ec2exp");
            Path input = Files.writeString(dir.resolve("in.txt"), "to ec2\n");
            experiments.put("ec2exp", Set.of(), input, "in.txt", null, Progress.none())
                    .forEach(t -> assertTrue(t.toString(), t.succeeded()));
            experiments.run("ec2exp", Set.of(), "cat in.txt > out.txt", null, true, Progress.none());
            experiments.get("ec2exp", Set.of(), "out.txt", dir.resolve("out.txt"), null, Progress.none())
                    .forEach(t -> assertTrue(t.toString(), t.succeeded()));
            try (var files = Files.list(dir)) {
                assertEquals(3, files.filter(p -> p.getFileName().toString().startsWith("out.txt.")).count());
            }
            // the cloud itself: every instance carries the Nubis tags, on its volume too
            List<CloudInstance> tagged = clouds.connection(CLOUD).describe(Map.of(NubisTags.EXPERIMENT, "ec2exp"));
            assertEquals(3, tagged.stream().filter(i -> i.state() != InstanceState.TERMINATED).count());
            assertContains("ec2exp", executeCommand("cloud:instances " + CLOUD, LONG, true));
            // what Nubis made besides instances is accounted for, and in use
            String resources = executeCommand("cloud:resources " + CLOUD, LONG, true);
            assertContains("key-pair", resources);
            assertContains("security-group", resources);
            assertContains("yes", resources);
        } finally {
            experiments.destroy("ec2exp");
        }
        await(() -> live(Map.of(NubisTags.EXPERIMENT, "ec2exp")) == 0, 60);
        if (live(Map.of()) == 0) {
            String removed = executeCommand("cloud:resources --remove-unused " + CLOUD, LONG, true);
            assertContains("removed", removed);
            assertContains("0 support resource(s)", removed);
        }
    }

    @Test
    public void aClusterOnEc2StartsResizesAndStops() throws Exception {
        clusters.create("ec2c", "demo", Map.of("cloud", CLOUD, "compute.count", "1"));
        try {
            Cluster started = clusters.start("ec2c", StartOptions.all(), Progress.none());
            assertEquals(ClusterState.RUNNING, started.state());
            assertEquals(2, clusters.nodes("ec2c").stream().filter(n -> n.state() == InstanceState.RUNNING).count());
            clusters.resize("ec2c", "compute", 1, Progress.none());
            assertEquals(3, live(Map.of(NubisTags.CLUSTER, "ec2c")));
            clusters.stop("ec2c", Progress.none());
            // As on EC2, terminated instances are shutting-down for a moment before they are gone.
            await(() -> live(Map.of(NubisTags.CLUSTER, "ec2c")) == 0, 60);
        } finally {
            if (clusters.clusters().stream().anyMatch(c -> c.name().equals("ec2c"))) {
                if (live(Map.of(NubisTags.CLUSTER, "ec2c")) > 0) {
                    clusters.stop("ec2c", Progress.none());
                }
                clusters.delete("ec2c");
            }
        }
    }

    @Test
    public void reconcileFindsAnInstanceLaunchedBehindNubissBack() throws Exception {
        List<CloudInstance> launched = clouds.connection(CLOUD).launch(new LaunchSpec(null, null, 1,
                Map.of(NubisTags.OWNER, OWNER, NubisTags.EXPERIMENT, "ghost-ec2"), List.of(identity.publicKey()), null));
        String orphan = launched.get(0).cloudId();
        String report = executeCommand("cloud:reconcile", LONG, true);
        assertContains(orphan, report);
        executeCommand("cloud:reconcile --destroy-orphans", LONG, true);
        await(() -> clouds.connection(CLOUD).describeIds(List.of(orphan)).stream()
                .allMatch(i -> i.state() == InstanceState.TERMINATED), 60);
    }

    @Test
    public void faultsLeaveNoUntrackedInstance() throws Exception {
        LocalCloudApi local = LocalCloudApi.ofKaraf();
        experiments.create("ec2faults");
        try {
            // 20% of EC2 requests throttled: the SDK's retries get everything through, the key pair
            // and security group of a cloud of their own (made under throttling) included
            defineCloud(THROTTLED, Map.of("keyPairName", "nubis-faults", "securityGroup", "nubis-faults"));
            local.put("/v1/knobs", Map.of("ec2ThrottleRate", 0.2));
            try {
                experiments.provision("ec2faults", new ProvisionRequest(THROTTLED, null, null, 10, Set.of("throttled")));
                experiments.awaitReady("ec2faults", Set.of("throttled"), Duration.ofSeconds(120), Progress.none());
                experiments.deprovision("ec2faults", Set.of("throttled"));
            } finally {
                local.put("/v1/knobs", Map.of("ec2ThrottleRate", 0));
            }
            assertTracked("ec2faults");
            assertSupportTracked(local);
            assertEquals(Set.of("key-pair nubis-faults", "security-group nubis-faults"), support(THROTTLED));

            // capacity runs out at the 2nd RunInstances call: the first batch is kept and recorded
            defineCloud("ec2batch", Map.of("launchBatchSize", "2"));
            local.put("/v1/knobs", Map.of("ec2CapacityFailAfter", 1));
            try {
                experiments.provision("ec2faults", new ProvisionRequest("ec2batch", null, null, 5, Set.of("capacity")));
                fail("the second batch must fail for lack of capacity");
            } catch (NubisException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("InsufficientInstanceCapacity"));
            } finally {
                local.put("/v1/knobs", Map.of("ec2CapacityFailAfter", -1));
            }
            assertEquals(2, experiments.list("ec2faults", Set.of("capacity")).size());
            assertTracked("ec2faults");
            experiments.deprovision("ec2faults", Set.of("capacity"));

            // an instance that never becomes reachable: the wait ends, the deprovision leaves nothing
            local.put("/v1/knobs", Map.of("neverReachableRate", 1.0));
            try {
                experiments.provision("ec2faults", new ProvisionRequest(CLOUD, null, null, 1, Set.of("never")));
                experiments.awaitReady("ec2faults", Set.of("never"), Duration.ofSeconds(10), Progress.none());
                fail("an unreachable instance cannot be ready");
            } catch (NotReadyException expected) {
                // as it should
            } finally {
                local.put("/v1/knobs", Map.of("neverReachableRate", 0));
            }
            assertTracked("ec2faults");
            assertSupportTracked(local);
        } finally {
            experiments.destroy("ec2faults");
        }
        await(() -> live(Map.of(NubisTags.EXPERIMENT, "ec2faults")) == 0, 60);
        // removing a cloud deletes what Nubis made there (its settings name them; nothing would account
        // for them afterwards), and only that
        configurations.remove(THROTTLED);
        assertFalse(onTheCloud(local).toString(), onTheCloud(local).stream().anyMatch(r -> r.endsWith("nubis-faults")));
        assertTrue(onTheCloud(local).toString(), onTheCloud(local).containsAll(support(CLOUD)));
        configurations.remove("ec2batch");
        assertSupportTracked(local);
        System.out.println("faults (EC2 face): 20% throttling, capacity out mid-batch, never reachable: 0 untracked instances, "
                + onTheCloud(local).size() + " key pairs and security groups on the cloud, all accounted for");
    }

    /**
     * Every key pair and security group on the EC2 face (its own store, HOME/ec2.json; the VPC's
     * "default" group aside) is one that a Nubis cloud there reports as its own.
     */
    private void assertSupportTracked(LocalCloudApi local) throws Exception {
        Set<String> accounted = new java.util.TreeSet<>();
        for (String cloud : List.of(CLOUD, "ec2batch", THROTTLED)) {
            if (clouds.clouds().stream().anyMatch(c -> c.name().equals(cloud))) {
                accounted.addAll(support(cloud));
            }
        }
        Set<String> untracked = new java.util.TreeSet<>(onTheCloud(local));
        untracked.removeAll(accounted);
        assertEquals("key pairs and security groups no Nubis cloud accounts for", Set.of(), untracked);
    }

    private Set<String> support(String cloud) {
        return ((SupportResources) clouds.connection(cloud)).supportResources().stream()
                .map(r -> r.kind() + " " + r.name()).collect(Collectors.toSet());
    }

    /** "key-pair NAME" and "security-group NAME" for each one the EC2 face has. */
    private static Set<String> onTheCloud(LocalCloudApi local) throws Exception {
        JsonNode store = Rest.JSON.readTree(local.home().resolve("ec2.json").toFile());
        Set<String> found = new java.util.TreeSet<>();
        store.path("keyPairs").forEach(k -> found.add("key-pair " + k.path("name").asText()));
        store.path("groups").forEach(g -> {
            if (!g.path("name").asText().equals("default")) {
                found.add("security-group " + g.path("name").asText());
            }
        });
        return found;
    }

    /**
     * Every live instance the cloud reports for the experiment is one Nubis has recorded. A
     * deprovisioned instance is shutting-down (listed as stopping) for a moment before it is
     * terminated, so this waits that moment out; an untracked instance stays and fails the check.
     */
    private void assertTracked(String experiment) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<String> untracked = untracked(experiment);
        while (!untracked.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            untracked = untracked(experiment);
        }
        assertEquals("untracked instances", List.of(), untracked);
    }

    private List<String> untracked(String experiment) {
        Set<String> recorded = experiments.list(experiment, Set.of()).stream().map(Machine::cloudId).collect(Collectors.toSet());
        return clouds.connection(CLOUD).describe(Map.of(NubisTags.EXPERIMENT, experiment)).stream()
                .filter(i -> i.state() != InstanceState.TERMINATED).map(CloudInstance::cloudId)
                .filter(id -> !recorded.contains(id)).toList();
    }

    @Test
    public void theProviderComesAndGoesWithItsBundle() throws Exception {
        executeCommand("feature:uninstall nubis-provider-ec2", LONG, true, new RolePrincipal("admin"));
        await(() -> clouds.providers().stream().noneMatch(p -> p.type().equals("ec2")), 30);
        assertContains("not deployed", executeCommand("cloud:list", LONG, true));

        // dropped into deploy/, as a user would
        Path jar = Files.walk(Path.of(System.getProperty("karaf.home"), "system", "org", "nubis", "nubis-provider-ec2"))
                .filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        Path deployed = Path.of(System.getProperty("karaf.home"), "deploy", "nubis-provider-ec2.jar");
        Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
        await(() -> clouds.providers().stream().anyMatch(p -> p.type().equals("ec2")), 60);
        assertContains("ec2", executeCommand("cloud:providers", LONG, true));
        Files.delete(deployed);
        await(() -> clouds.providers().stream().noneMatch(p -> p.type().equals("ec2")), 60);

        installAndAssertFeature("nubis-provider-ec2");
        await(() -> clouds.providers().stream().anyMatch(p -> p.type().equals("ec2")), 30);
    }

    private long live(Map<String, String> tags) {
        return clouds.connection(CLOUD).describe(tags).stream().filter(i -> i.state() != InstanceState.TERMINATED).count();
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }
}
