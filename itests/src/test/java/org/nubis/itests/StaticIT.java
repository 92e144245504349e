package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nubis.api.NubisException;
import org.nubis.api.Progress;
import org.nubis.api.cloud.CloudConfigurations;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.experiment.ExperimentService;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.ops4j.pax.exam.util.Filter;

/**
 * The static provider in the distribution: machines that already exist (here: sandboxes of the
 * local cloud, started by another experiment) are claimed by an experiment, used over SSH and
 * released, and nothing is destroyed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class StaticIT extends NubisTestSupport {

    @Inject
    @Filter(timeout = 120_000)
    ExperimentService experiments;

    @Inject
    @Filter(timeout = 120_000)
    CloudRegistry clouds;

    @Inject
    @Filter(timeout = 120_000)
    CloudConfigurations configurations;

    @Test
    public void existingMachinesAreClaimedUsedAndReleased() throws Exception {
        experiments.create("machines");
        experiments.create("onstatic");
        try {
            // "lab machines": two sandboxes that exist before the static cloud knows them
            experiments.provision("machines", new ProvisionRequest("local", null, null, 2, Set.of()));
            List<Machine> lab = experiments.awaitReady("machines", Set.of(), Duration.ofSeconds(120), Progress.none());
            String hosts = lab.stream().map(i -> i.publicHost() + ":" + i.sshPort()).collect(Collectors.joining(","));
            configurations.define("lab", "static", Map.of("hosts", hosts, "user", lab.get(0).sshUser()), Map.of());

            List<Machine> claimed = experiments.provision("onstatic", new ProvisionRequest("lab", null, null, 2, Set.of("w")));
            assertEquals(2, claimed.size());
            experiments.awaitReady("onstatic", Set.of(), Duration.ofSeconds(60), Progress.none());
            List<CommandResult> ran = experiments.run("onstatic", Set.of("w"), "basename $(dirname $(pwd))", null, true, Progress.none());
            assertEquals("each claimed machine answered", Set.copyOf(lab.stream().map(Machine::cloudId).toList()),
                    ran.stream().map(r -> r.stdout().strip()).collect(Collectors.toSet()));
            try {
                experiments.provision("onstatic", new ProvisionRequest("lab", null, null, 1, Set.of()));
                fail("every machine is claimed");
            } catch (NubisException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("free"));
            }

            experiments.deprovision("onstatic", Set.of());
            assertEquals("released, not destroyed", 2, clouds.connection("local").describe(Map.of()).stream()
                    .filter(i -> lab.stream().anyMatch(l -> l.cloudId().equals(i.cloudId())))
                    .filter(i -> i.state() == InstanceState.RUNNING).count());
            assertEquals("the machines are free again", 2,
                    experiments.provision("onstatic", new ProvisionRequest("lab", null, null, 2, Set.of())).size());
            experiments.deprovision("onstatic", Set.of());
        } finally {
            experiments.destroy("onstatic");
            experiments.destroy("machines");
            if (configurations.clouds().stream().anyMatch(c -> c.name().equals("lab"))) {
                configurations.remove("lab");
            }
        }
    }
}
