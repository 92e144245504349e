package org.nubis.core.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.NubisException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cloud.PartialLaunchException;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.api.repository.ExperimentRepository;
import org.nubis.api.repository.MachineRepository;
import org.nubis.api.ssh.SshIdentity;
import org.nubis.core.Echo;
import org.nubis.core.cloud.LaunchesInFlight;
import org.nubis.core.cloud.NodeIdTags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a provision request into tracked instances: checks it against the cloud's catalog before
 * anything is created, records the instances before the cloud is asked for them (write-ahead),
 * and pairs them with what the cloud created, so that no instance is ever untracked.
 */
final class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private final CloudRegistry clouds;
    private final ExperimentRepository repository;
    private final MachineRepository machines;
    private final SshIdentity identity;
    private final String owner;
    private final ExecutorService cloudCalls;
    private final LaunchesInFlight launches;

    Provisioner(CloudRegistry clouds, ExperimentRepository repository, MachineRepository machines, SshIdentity identity,
                String owner, ExecutorService cloudCalls, LaunchesInFlight launches) {
        this.launches = launches;
        this.clouds = clouds;
        this.repository = repository;
        this.machines = machines;
        this.identity = identity;
        this.owner = owner;
        this.cloudCalls = cloudCalls;
    }

    /** What a checked request asks for: the cloud and the image and flavor it resolves to. */
    private record Checked(String cloudName, CloudConnection cloud, String image, String flavor) {
    }

    /** Checks the request against the cloud's catalog; creates nothing. */
    void check(ProvisionRequest request) {
        checked(request);
    }

    List<Machine> provision(String experiment, ProvisionRequest request) {
        Checked c = checked(request);
        String launch = UUID.randomUUID().toString();
        try (LaunchesInFlight.Launch underWay = launches.begin(launch)) {
            return launch(experiment, request, c.cloudName(), c.cloud(), c.image(), c.flavor(), launch);
        }
    }

    private Checked checked(ProvisionRequest request) {
        if (request.count() < 1) {
            throw new InvalidRequestException("count must be at least 1, not " + request.count());
        }
        Names.checkTags(request.tags());
        String cloudName = request.cloud() == null || request.cloud().isBlank() ? clouds.defaultCloud() : request.cloud();
        CloudConnection cloud = clouds.connection(cloudName);
        CloudCatalog catalog = cloud.catalog();
        if (request.count() > catalog.maxLaunchCount()) {
            throw new InvalidRequestException("count " + request.count() + " is more than cloud '" + cloudName
                    + "' launches in one request (at most " + catalog.maxLaunchCount() + ")");
        }
        String image = pick("image", request.image(), catalog.defaultImage(), catalog.images(), cloudName);
        String flavor = pick("flavor", request.flavor(), catalog.defaultFlavor(), catalog.flavors(), cloudName);
        return new Checked(cloudName, cloud, image, flavor);
    }

    private List<Machine> launch(String experiment, ProvisionRequest request, String cloudName, CloudConnection cloud,
                                 String image, String flavor, String launch) {
        List<Machine> planned = plan(experiment, cloudName, image, flavor, launch, request);
        machines.save(planned);

        Map<String, String> cloudTags = new LinkedHashMap<>();
        cloudTags.put(NubisTags.OWNER, owner);
        cloudTags.put(NubisTags.EXPERIMENT, experiment);
        cloudTags.put(NubisTags.LAUNCH, launch);
        LaunchSpec spec = new LaunchSpec(image, flavor, request.count(), cloudTags, List.of(identity.publicKey()),
                request.userData());
        List<CloudInstance> launched;
        NubisException partial = null;
        try {
            launched = cloud.launch(spec);
        } catch (PartialLaunchException e) {
            launched = e.launched();
            partial = e;
        } catch (RuntimeException e) {
            machines.delete(planned);
            throw e;
        }
        List<Machine> created = record(planned, launched, cloud);
        LOG.info("Provisioned {} instance(s) of experiment {} on cloud {}", created.size(), experiment, cloudName);
        if (partial != null) {
            throw new CloudException("cloud '" + cloudName + "' launched only " + created.size() + " of "
                    + request.count() + " instances (kept and tracked: "
                    + created.stream().map(Machine::id).collect(Collectors.joining(", ")) + "): " + partial.getMessage(), partial);
        }
        return created;
    }

    /** The records of the instances to come, with ids that are never handed out again. */
    private List<Machine> plan(String experiment, String cloudName, String image, String flavor, String launch,
                               ProvisionRequest request) {
        long first = repository.reserveInstanceNumbers(experiment, request.count());
        Instant now = Instant.now();
        List<Machine> planned = new ArrayList<>();
        for (int n = 0; n < request.count(); n++) {
            planned.add(Machine.plannedInstance(experiment + "-" + (first + n), experiment, cloudName, request.tags(), image,
                    flavor, launch, now));
        }
        return planned;
    }

    /** Pairs the planned records with what the cloud created, forgets the rest, and stores the result. */
    private List<Machine> record(List<Machine> planned, List<CloudInstance> launched, CloudConnection cloud) {
        List<Machine> created = new ArrayList<>();
        for (int n = 0; n < planned.size() && n < launched.size(); n++) {
            created.add(planned.get(n).withCloud(launched.get(n)));
        }
        machines.save(created);
        NodeIdTags.apply(cloud, created.stream().map(i -> new NodeIdTags.Pair(i.cloudId(), i.id())).toList(), cloudCalls);
        if (launched.size() < planned.size()) {
            machines.delete(planned.subList(launched.size(), planned.size()));
        }
        if (launched.size() > planned.size()) {
            // More than asked for: nothing would track the extras, so give them back at once.
            cloud.terminate(launched.subList(planned.size(), launched.size()).stream().map(CloudInstance::cloudId).toList());
        }
        return created;
    }

    private static String pick(String what, String requested, String fallback, List<String> offered, String cloud) {
        String value = requested == null || requested.isBlank() ? fallback : requested.trim();
        if (!offered.contains(value)) {
            throw new NotFoundException("unknown " + what + " '" + Echo.of(value) + "' on cloud '" + Echo.of(cloud) + "'; available: "
                    + (offered.isEmpty() ? "none" : String.join(", ", offered)));
        }
        return value;
    }
}
