package org.nubis.provider.ec2;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.SupportResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** {@link CloudConnection} onto EC2 (or an EC2-compatible cloud) through the AWS SDK. Thread-safe. */
public class Ec2CloudConnection implements CloudConnection, SupportResources, AutoCloseable {

    /** Instance types offered after the configured one; any other type can still be asked for. */
    static final List<String> COMMON_TYPES = List.of("t3.micro", "t3.small", "t3.medium", "t3.large",
            "m7i.large", "m7i.xlarge", "c7i.large", "c7i.xlarge", "r7i.large");
    private static final Logger LOG = LoggerFactory.getLogger(Ec2CloudConnection.class);
    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped", "shutting-down");
    /** Ids per request: EC2 takes at most 200 filter values in one call. */
    private static final int IDS_PER_CALL = 200;
    private static final Duration IMAGES_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CATALOG_TTL = Duration.ofMinutes(5);

    private final Ec2Settings s;
    private final Ec2Client ec2;
    private final Ec2Errors errors;
    private final Ec2SupportResources support;
    /** Launches share it; removing support resources takes it alone, so never deletes under a launch. */
    private final ReadWriteLock supportUse = new ReentrantReadWriteLock();
    private volatile CachedCatalog catalog;

    private record CachedCatalog(CloudCatalog catalog, long madeAt) {
    }

    Ec2CloudConnection(Ec2Settings settings, Ec2Client ec2, Ec2Errors errors) {
        this.s = settings;
        this.ec2 = ec2;
        this.errors = errors;
        this.support = new Ec2SupportResources(ec2, settings, errors);
    }

    Ec2Settings settings() {
        return s;
    }

    @Override
    public CloudCatalog catalog() {
        CachedCatalog c = catalog;
        if (c == null || System.nanoTime() - c.madeAt() > CATALOG_TTL.toNanos()) {
            c = new CachedCatalog(new CloudCatalog(images(), flavors(s), s.image(), s.instanceType(), s.maxLaunchCount()),
                    System.nanoTime());
            catalog = c;
        }
        return c.catalog();
    }

    static List<String> flavors(Ec2Settings s) {
        Set<String> out = new LinkedHashSet<>();
        out.add(s.instanceType());
        out.addAll(COMMON_TYPES);
        return List.copyOf(out);
    }

    /** The account's own images and the configured one; just the configured one when EC2 is slow or refuses. */
    private List<String> images() {
        Set<String> out = new LinkedHashSet<>();
        if (s.image() != null) {
            out.add(s.image());
        }
        try {
            for (Image i : ec2.describeImages(b -> b.owners("self")
                    .overrideConfiguration(o -> o.apiCallTimeout(IMAGES_TIMEOUT))).images()) {
                out.add(i.imageId());
            }
        } catch (SdkException e) {
            LOG.debug("Cloud '{}': no image list ({}); offering the configured image only", s.cloudName(),
                    errors.message("DescribeImages", e));
        }
        return List.copyOf(out);
    }

    @Override
    public List<CloudInstance> launch(LaunchSpec spec) {
        if (spec.count() < 1) {
            throw new InvalidRequestException("cloud '" + s.cloudName() + "': count must be at least 1, not " + spec.count());
        }
        String image = s.imageFor(spec.image());
        String type = s.instanceTypeFor(spec.flavor());
        supportUse.readLock().lock();
        try {
            Ec2SupportResources.Prepared prepared = support.prepare(spec.publicKeys(), spec.tags());
            RunInstancesRequest template = runTemplate(spec, image, type, prepared);
            List<CloudInstance> launched = LaunchBatches.launch(s.cloudName(), spec.count(), s.launchBatchSize(),
                    new RunInstancesCalls(template));
            LOG.info("Cloud '{}': launched {} x {} ({})", s.cloudName(), launched.size(), type, image);
            return launched;
        } finally {
            supportUse.readLock().unlock();
        }
    }

    private RunInstancesRequest runTemplate(LaunchSpec spec, String image, String type, Ec2SupportResources.Prepared p) {
        List<Tag> tags = new ArrayList<>();
        spec.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        List<TagSpecification> tagSpecs = new ArrayList<>();
        if (!tags.isEmpty()) {
            // on the volumes too, at creation: whatever a lost answer leaves behind is still found by its tags
            tagSpecs.add(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build());
            tagSpecs.add(TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build());
            if (s.spot()) {
                tagSpecs.add(TagSpecification.builder().resourceType(ResourceType.SPOT_INSTANCES_REQUEST).tags(tags).build());
            }
        }
        RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                .imageId(image)
                .instanceType(type)
                .keyName(p.keyName())
                .securityGroupIds(p.groupId())
                .tagSpecifications(tagSpecs);
        if (s.subnetId() != null) {
            b.subnetId(s.subnetId());
        }
        if (spec.userData() != null) {
            b.userData(Base64.getEncoder().encodeToString(spec.userData().getBytes(StandardCharsets.UTF_8)));
        }
        if (s.spot()) {
            b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT)
                    .spotOptions(o -> o.spotInstanceType(SpotInstanceType.ONE_TIME)
                            .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE))
                    .build());
        }
        return b.build();
    }

    /** RunInstances calls of one launch; each has its own client token, so the SDK's retries never launch twice. */
    private final class RunInstancesCalls implements LaunchBatches.Calls {
        private final RunInstancesRequest template;
        private final Map<Integer, String> tokens = new LinkedHashMap<>();

        RunInstancesCalls(RunInstancesRequest template) {
            this.template = template;
        }

        @Override
        public List<CloudInstance> run(int batch, int size) {
            String token = UUID.randomUUID().toString();
            tokens.put(batch, token);
            List<Instance> got = ec2.runInstances(template.toBuilder().minCount(1).maxCount(size).clientToken(token)
                    .build()).instances();
            return got.stream().map(i -> Ec2Instances.toCloudInstance(i, s)).toList();
        }

        @Override
        public List<CloudInstance> recover(int batch, RuntimeException failure) {
            String token = tokens.get(batch);
            if (token == null || failure instanceof AwsServiceException) {
                return List.of(); // EC2 answered: it refused, nothing was made
            }
            try {
                List<CloudInstance> found = new ArrayList<>();
                for (Reservation r : ec2.describeInstancesPaginator(b -> b.filters(filter("client-token", List.of(token))))
                        .reservations()) {
                    for (Instance i : r.instances()) {
                        if (token.equals(i.clientToken())) { // a cloud that ignores the filter must not hand us others
                            found.add(Ec2Instances.toCloudInstance(i, s));
                        }
                    }
                }
                if (!found.isEmpty()) {
                    LOG.warn("Cloud '{}': the answer to a launch was lost, but {} instance(s) it made were found again",
                            s.cloudName(), found.size());
                }
                return found;
            } catch (SdkException e) {
                LOG.warn("Cloud '{}': after a lost launch answer, cannot look for what it made: {}", s.cloudName(),
                        errors.message("DescribeInstances", e));
                return List.of();
            }
        }

        @Override
        public String describe(RuntimeException failure) {
            return failure instanceof SdkException e ? errors.message("RunInstances", e) : failure.getMessage();
        }

        @Override
        public RuntimeException nothingLaunched(RuntimeException failure) {
            return failure instanceof SdkException e ? errors.translate("RunInstances", e) : failure;
        }
    }

    @Override
    public List<CloudInstance> describe(Map<String, String> tagFilter) {
        List<Filter> filters = new ArrayList<>();
        tagFilter.forEach((k, v) -> filters.add(filter("tag:" + k, List.of(v))));
        return instances("DescribeInstances", b -> b.filters(filters)).stream()
                .map(i -> Ec2Instances.toCloudInstance(i, s)).toList();
    }

    @Override
    public List<CloudInstance> describeIds(Collection<String> cloudIds) {
        List<CloudInstance> out = new ArrayList<>();
        for (List<String> chunk : chunks(cloudIds)) {
            // a filter, not InstanceIds: unknown ids are then left out instead of failing the whole call
            instances("DescribeInstances", b -> b.filters(filter("instance-id", chunk)))
                    .forEach(i -> out.add(Ec2Instances.toCloudInstance(i, s)));
        }
        return out;
    }

    @Override
    public void tag(String cloudId, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
        try {
            ec2.createTags(b -> b.resources(cloudId).tags(list));
        } catch (SdkException e) {
            if (Ec2Errors.isCode(e, Ec2Errors.NOT_FOUND_INSTANCE)) {
                throw new NotFoundException("cloud '" + s.cloudName() + "': no instance " + cloudId);
            }
            throw errors.translate("CreateTags on " + cloudId, e);
        }
    }

    @Override
    public void terminate(Collection<String> cloudIds) {
        act("TerminateInstances", cloudIds, ids -> ec2.terminateInstances(b -> b.instanceIds(ids)));
    }

    @Override
    public void stop(Collection<String> cloudIds) {
        act("StopInstances", cloudIds, ids -> ec2.stopInstances(b -> b.instanceIds(ids)));
    }

    @Override
    public void start(Collection<String> cloudIds) {
        act("StartInstances", cloudIds, ids -> ec2.startInstances(b -> b.instanceIds(ids)));
    }

    /** Runs an action on the ids; when some are gone, EC2 refuses the whole call, so it is made again on the rest. */
    private void act(String action, Collection<String> cloudIds, Consumer<List<String>> call) {
        for (List<String> chunk : chunks(cloudIds)) {
            try {
                call.accept(chunk);
            } catch (SdkException e) {
                if (!Ec2Errors.isCode(e, Ec2Errors.NOT_FOUND_INSTANCE)) {
                    throw errors.translate(action, e);
                }
                List<String> existing = describeIds(chunk).stream()
                        .filter(i -> i.state() != InstanceState.TERMINATED).map(CloudInstance::cloudId).toList();
                if (!existing.isEmpty()) {
                    try {
                        call.accept(existing);
                    } catch (SdkException again) {
                        if (!Ec2Errors.isCode(again, Ec2Errors.NOT_FOUND_INSTANCE)) {
                            throw errors.translate(action, again);
                        }
                    }
                }
            }
        }
    }

    @Override
    public String consoleOutput(String cloudId) {
        try {
            String output = ec2.getConsoleOutput(b -> b.instanceId(cloudId)).output();
            if (output == null || output.isEmpty()) {
                return "";
            }
            return new String(Base64.getMimeDecoder().decode(output), StandardCharsets.UTF_8);
        } catch (SdkException e) {
            if (Ec2Errors.isCode(e, Ec2Errors.NOT_FOUND_INSTANCE)) {
                throw new NotFoundException("cloud '" + s.cloudName() + "': no instance " + cloudId);
            }
            throw errors.translate("GetConsoleOutput of " + cloudId, e);
        }
    }

    /**
     * Waits until all these instances are running, at most {@code timeout}, with the SDK's waiter;
     * returns them as they are then. Launch does not wait: Nubis waits for SSH itself.
     *
     * @throws CloudException when one stops or terminates instead, or time runs out
     */
    public List<CloudInstance> awaitRunning(Collection<String> cloudIds, Duration timeout) {
        if (cloudIds.isEmpty()) {
            return List.of();
        }
        long pollMillis = Math.max(500, Math.min(5000, timeout.toMillis() / 20));
        WaiterOverrideConfiguration config = WaiterOverrideConfiguration.builder()
                .waitTimeout(timeout)
                .maxAttempts(Integer.MAX_VALUE)
                .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(pollMillis)))
                .build();
        DescribeInstancesRequest request = DescribeInstancesRequest.builder().instanceIds(List.copyOf(cloudIds)).build();
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(config).build()) {
            WaiterResponse<DescribeInstancesResponse> answer = waiter.waitUntilInstanceRunning(request);
            if (answer.matched().response().isPresent()) {
                return answer.matched().response().get().reservations().stream()
                        .flatMap(r -> r.instances().stream()).map(i -> Ec2Instances.toCloudInstance(i, s)).toList();
            }
            throw new CloudException("cloud '" + s.cloudName() + "': instances did not become running: "
                    + answer.matched().exception().map(Throwable::getMessage).map(errors::redact).orElse("unknown"));
        } catch (SdkException e) {
            throw new CloudException("cloud '" + s.cloudName() + "': instances " + cloudIds
                    + " did not all become running within " + timeout.toSeconds() + " s: " + errors.redact(String.valueOf(e.getMessage())), e);
        }
    }

    @Override
    public List<SupportResource> supportResources() {
        return support.list(liveInstances());
    }

    @Override
    public List<SupportResource> removeUnusedSupportResources() {
        supportUse.writeLock().lock();
        try {
            List<SupportResource> removed = new ArrayList<>();
            for (SupportResource r : support.list(liveInstances())) {
                if (!r.inUse() && support.remove(r)) {
                    removed.add(r);
                }
            }
            return removed;
        } finally {
            supportUse.writeLock().unlock();
        }
    }

    /** The instances that are not terminated (they hold on to key pairs and security groups). */
    private List<Instance> liveInstances() {
        return instances("DescribeInstances", b -> b.filters(filter("instance-state-name", LIVE_STATES))).stream()
                .filter(i -> i.state() == null || !"terminated".equals(i.state().nameAsString())).toList();
    }

    private List<Instance> instances(String action, Consumer<DescribeInstancesRequest.Builder> request) {
        try {
            List<Instance> out = new ArrayList<>();
            for (Reservation r : ec2.describeInstancesPaginator(request).reservations()) {
                out.addAll(r.instances());
            }
            return out;
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    private static Filter filter(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = List.copyOf(new LinkedHashSet<>(ids));
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IDS_PER_CALL) {
            out.add(all.subList(from, Math.min(all.size(), from + IDS_PER_CALL)));
        }
        return out;
    }

    @Override
    public void close() {
        ec2.close();
    }

    @Override
    public String toString() {
        return "EC2 cloud '" + s.cloudName() + "' (" + s.region() + (s.endpoint() != null ? ", " + s.endpoint() : "") + ")";
    }
}
