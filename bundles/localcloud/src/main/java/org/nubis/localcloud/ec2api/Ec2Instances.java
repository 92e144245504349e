package org.nubis.localcloud.ec2api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.nubis.localcloud.engine.CloudException;
import org.nubis.localcloud.engine.InstanceDescription;
import org.nubis.localcloud.engine.InstanceFilter;
import org.nubis.localcloud.engine.SandboxCloud;

/**
 * The engine's instances seen through EC2. What EC2 needs beyond the engine (instance id, reservation,
 * key name, groups, root volume and its tags...) is kept in each instance's own attributes, so it is saved
 * with the instance, survives restarts and goes away when the engine purges it. The EC2 face sees only
 * the instances launched through it (and the native face only its own), as two accounts of a cloud
 * would: a client of one never finds, adopts or destroys the other's instances.
 */
public final class Ec2Instances {

    static final String ID = "ec2.instanceId";
    static final String RESERVATION = "ec2.reservationId";
    static final String LAUNCH_INDEX = "ec2.launchIndex";
    static final String KEY_NAME = "ec2.keyName";
    static final String GROUPS = "ec2.groupIds";
    static final String VOLUME = "ec2.volumeId";
    static final String TYPE = "ec2.instanceType";
    static final String LIFECYCLE = "ec2.lifecycle";
    static final String SUBNET = "ec2.subnetId";
    static final String ZONE = "ec2.zone";
    static final String CLIENT_TOKEN = "ec2.clientToken";
    static final String VOLUME_TAG = "ec2.volumeTag.";

    private final SandboxCloud engine;
    private final Ec2Config config;
    private final Ec2Store store;
    /**
     * EC2 id → engine id, filled as instances are seen: finding one instance must not describe them
     * all (Nubis tags each new instance, so a launch of 500 made 500 scans of every instance kept).
     */
    private final Map<String, String> engineIds = new ConcurrentHashMap<>();

    Ec2Instances(SandboxCloud engine, Ec2Config config, Ec2Store store) {
        this.engine = engine;
        this.config = config;
        this.store = store;
    }

    SandboxCloud engine() {
        return engine;
    }

    /** Every instance the engine still shows (terminated ones for the retention period), oldest first. */
    List<Ec2Instance> all() {
        List<Ec2Instance> all = new ArrayList<>();
        for (InstanceDescription description : engine.describe(InstanceFilter.ALL)) {
            if (launchedHere(description)) {
                Ec2Instance instance = view(description);
                engineIds.put(instance.instanceId(), description.id());
                all.add(instance);
            }
        }
        return all;
    }

    /** The instance with this EC2 id, found through the index; null when the index does not know it (any more). */
    private Ec2Instance indexed(String id) {
        String engineId = engineIds.get(id);
        if (engineId == null) {
            return null;
        }
        Optional<InstanceDescription> description = engine.find(engineId);
        if (description.isPresent() && id.equals(description.get().attributes().get(ID))) {
            return view(description.get());
        }
        engineIds.remove(id, engineId);
        return null;
    }

    /** The instances with these EC2 ids, in that order; InvalidInstanceID.* if one is malformed or unknown. */
    List<Ec2Instance> byIds(List<String> ids) {
        for (String id : ids) {
            if (!Ec2Ids.isWellFormed(id, "i")) {
                throw Ec2Error.client("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
            }
        }
        Map<String, Ec2Instance> byId = new HashMap<>();
        for (String id : ids) {
            Ec2Instance instance = indexed(id);
            if (instance != null) {
                byId.put(id, instance);
            }
        }
        if (byId.size() < new HashSet<>(ids).size()) {
            all().forEach(instance -> byId.put(instance.instanceId(), instance));
        }
        Map<String, Ec2Instance> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            Ec2Instance instance = byId.get(id);
            if (instance == null) {
                missing.add(id);
            } else {
                found.putIfAbsent(id, instance);
            }
        }
        if (!missing.isEmpty()) {
            throw Ec2Error.client("InvalidInstanceID.NotFound", missing.size() == 1
                    ? "The instance ID '" + missing.get(0) + "' does not exist"
                    : "The instance IDs '" + String.join(", ", missing) + "' do not exist");
        }
        return new ArrayList<>(found.values());
    }

    Ec2Instance byId(String id) {
        return byIds(List.of(id)).get(0);
    }

    /** The root volume with this id, while its instance is not terminated (it is deleted on termination). */
    Optional<Ec2Instance> byVolumeId(String volumeId) {
        return all().stream().filter(i -> volumeId.equals(i.volumeId()) && !i.isTerminated()).findFirst();
    }

    /** Re-reads one instance (after a change through the engine). */
    Ec2Instance refresh(Ec2Instance instance) {
        return view(engine.describe(instance.engineId()));
    }

    /** Changes the root volume's tags (kept in the instance's attributes). */
    void changeVolumeTags(Ec2Instance instance, Consumer<Map<String, String>> change) {
        engine.changeAttributes(instance.engineId(), attributes -> {
            Map<String, String> tags = volumeTags(attributes);
            change.accept(tags);
            attributes.keySet().removeIf(key -> key.startsWith(VOLUME_TAG));
            tags.forEach((key, value) -> attributes.put(VOLUME_TAG + key, value));
        });
    }

    /** The attributes of one newly launched instance. */
    static Map<String, String> launchAttributes(String reservationId, int launchIndex, String keyName,
            List<String> groupIds, String instanceType, String lifecycle, String subnetId, String zone,
            String clientToken, Map<String, String> volumeTags) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(ID, Ec2Ids.newId("i"));
        attributes.put(RESERVATION, reservationId);
        attributes.put(LAUNCH_INDEX, Integer.toString(launchIndex));
        putIfNotNull(attributes, KEY_NAME, keyName);
        attributes.put(GROUPS, String.join(",", groupIds));
        attributes.put(VOLUME, Ec2Ids.newId("vol"));
        attributes.put(TYPE, instanceType);
        putIfNotNull(attributes, LIFECYCLE, lifecycle);
        attributes.put(SUBNET, subnetId);
        attributes.put(ZONE, zone);
        putIfNotNull(attributes, CLIENT_TOKEN, clientToken);
        volumeTags.forEach((key, value) -> attributes.put(VOLUME_TAG + key, value));
        return attributes;
    }

    /** Whether the EC2 face launched the instance (the native face hides these, and the EC2 face the others). */
    public static boolean launchedHere(InstanceDescription description) {
        return description.attributes().containsKey(ID);
    }

    static Ec2Instance view(InstanceDescription description) {
        Map<String, String> a = description.attributes();
        String groups = a.getOrDefault(GROUPS, "");
        return new Ec2Instance(description,
                a.get(ID),
                a.get(RESERVATION),
                Integer.parseInt(a.getOrDefault(LAUNCH_INDEX, "0")),
                a.get(KEY_NAME),
                groups.isEmpty() ? List.of() : Arrays.asList(groups.split(",")),
                a.get(VOLUME),
                a.getOrDefault(TYPE, description.flavor()),
                a.get(LIFECYCLE),
                a.get(SUBNET),
                a.get(ZONE),
                a.get(CLIENT_TOKEN),
                volumeTags(a));
    }

    private static Map<String, String> volumeTags(Map<String, String> attributes) {
        Map<String, String> tags = new TreeMap<>();
        attributes.forEach((key, value) -> {
            if (key.startsWith(VOLUME_TAG)) {
                tags.put(key.substring(VOLUME_TAG.length()), value);
            }
        });
        return tags;
    }

    private static void putIfNotNull(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
