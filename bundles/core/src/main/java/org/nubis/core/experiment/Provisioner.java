package org.nubis.core.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.NubisException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cloud.PartialLaunchException;
import org.nubis.api.experiment.Instance;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.repository.ExperimentRepository;
import org.nubis.api.ssh.SshIdentity;
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
    private final SshIdentity identity;
    private final String owner;

    Provisioner(CloudRegistry clouds, ExperimentRepository repository, SshIdentity identity, String owner) {
        this.clouds = clouds;
        this.repository = repository;
        this.identity = identity;
        this.owner = owner;
    }

    List<Instance> provision(String experiment, ProvisionRequest request) {
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

        List<Instance> planned = plan(experiment, cloudName, image, flavor, request);
        repository.saveInstances(planned);

        Map<String, String> cloudTags = new LinkedHashMap<>();
        cloudTags.put(NubisTags.OWNER, owner);
        cloudTags.put(NubisTags.EXPERIMENT, experiment);
        cloudTags.put(NubisTags.LAUNCH, UUID.randomUUID().toString());
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
            repository.deleteInstances(planned.stream().map(Instance::id).toList());
            throw e;
        }
        List<Instance> created = record(planned, launched, cloud);
        LOG.info("Provisioned {} instance(s) of experiment {} on cloud {}", created.size(), experiment, cloudName);
        if (partial != null) {
            throw new CloudException("cloud '" + cloudName + "' launched only " + created.size() + " of "
                    + request.count() + " instances (kept and tracked: "
                    + created.stream().map(Instance::id).collect(Collectors.joining(", ")) + "): " + partial.getMessage(), partial);
        }
        return created;
    }

    /** The records of the instances to come, with ids that are never handed out again. */
    private List<Instance> plan(String experiment, String cloudName, String image, String flavor, ProvisionRequest request) {
        long first = repository.reserveInstanceNumbers(experiment, request.count());
        Instant now = Instant.now();
        List<Instance> planned = new ArrayList<>();
        for (int n = 0; n < request.count(); n++) {
            String id = experiment + "-" + (first + n);
            TreeSet<String> tags = new TreeSet<>(request.tags());
            tags.addAll(List.of(id, experiment, cloudName));
            planned.add(new Instance(id, experiment, cloudName, null, InstanceState.PENDING, "requested", tags,
                    null, null, 0, null, image, flavor, now));
        }
        return planned;
    }

    /** Pairs the planned records with what the cloud created, forgets the rest, and stores the result. */
    private List<Instance> record(List<Instance> planned, List<CloudInstance> launched, CloudConnection cloud) {
        List<Instance> created = new ArrayList<>();
        for (int n = 0; n < planned.size() && n < launched.size(); n++) {
            Instance p = planned.get(n);
            CloudInstance c = launched.get(n);
            created.add(new Instance(p.id(), p.experiment(), p.cloud(), c.cloudId(), c.state(), c.stateReason(), p.tags(),
                    c.publicHost(), c.privateHost(), c.sshPort(), c.sshUser(), p.image(), p.flavor(), p.createdAt()));
        }
        repository.saveInstances(created);
        NodeIdTags.apply(cloud, created.stream().map(i -> new NodeIdTags.Pair(i.cloudId(), i.id())).toList());
        if (launched.size() < planned.size()) {
            repository.deleteInstances(planned.subList(launched.size(), planned.size()).stream().map(Instance::id).toList());
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
            throw new NotFoundException("unknown " + what + " '" + value + "' on cloud '" + cloud + "'; available: "
                    + (offered.isEmpty() ? "none" : String.join(", ", offered)));
        }
        return value;
    }
}
