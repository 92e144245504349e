package org.nubis.localcloud.ec2api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nubis.localcloud.engine.CloudConfig;
import org.nubis.localcloud.engine.CloudException;
import org.nubis.localcloud.engine.InstanceDescription;
import org.nubis.localcloud.engine.LaunchRequest;
import org.nubis.localcloud.engine.SandboxCloud;

/**
 * RunInstances: checks the request as EC2 does, launches between MinCount and MaxCount sandboxes (as many as
 * fit), and answers the reservation. A repeated ClientToken answers the first launch again (idempotency).
 */
final class RunInstancesAction implements Ec2Action {

    private static final int MAX_USER_DATA = 16 * 1024;

    private final Ec2Instances instances;
    private final Ec2Store store;
    private final Ec2Config config;
    private final InstanceTypes types;
    private final Object launchLock = new Object();

    RunInstancesAction(Ec2Instances instances, Ec2Store store, Ec2Config config) {
        this.instances = instances;
        this.store = store;
        this.config = config;
        this.types = new InstanceTypes(instances.engine().config().flavors());
    }

    @Override
    public void run(QueryParams params, XmlWriter xml) {
        SandboxCloud engine = instances.engine();
        CloudConfig cloudConfig = engine.config();
        String image = Images.imageOf(params.require("ImageId"), cloudConfig.images());
        int min = params.requireInteger("MinCount");
        int max = params.requireInteger("MaxCount");
        if (min < 1) {
            throw Ec2Error.invalidValue("Value (" + min + ") for parameter minCount is invalid. Expecting a value greater than 0.");
        }
        if (max < min) {
            throw Ec2Error.invalidValue("Value (" + max + ") for parameter maxCount is invalid. "
                    + "Expecting a value greater than or equal to minCount (" + min + ").");
        }
        String instanceType = params.get("InstanceType", cloudConfig.defaultFlavor());
        String flavor = types.flavorOf(instanceType);
        Ec2Store.Data data = store.snapshot();
        String keyName = params.get("KeyName", null);
        List<String> publicKeys = List.of();
        if (keyName != null) {
            Ec2Store.KeyPair keyPair = data.keyPairs.get(keyName);
            if (keyPair == null) {
                throw Ec2Error.client("InvalidKeyPair.NotFound", "The key pair '" + keyName + "' does not exist");
            }
            publicKeys = List.of(keyPair.publicKey);
        }
        List<String> groupIds = groups(params, data);
        String subnetId = params.get("SubnetId", Ec2Ids.SUBNET_ID);
        String zone = params.get("Placement.AvailabilityZone", config.defaultZone());
        if (!config.zones().contains(zone)) {
            throw Ec2Error.invalidValue("Invalid availability zone: [" + zone + "]; zones here: "
                    + String.join(", ", config.zones()));
        }
        String userData = userData(params.get("UserData"));
        String lifecycle = lifecycle(params.get("InstanceMarketOptions.MarketType"));
        Map<String, Map<String, String>> tagSpecs = TagRules.specifications(params, Set.of("instance", "volume"));
        Map<String, String> instanceTags = tagSpecs.getOrDefault("instance", Map.of());
        Map<String, String> volumeTags = tagSpecs.getOrDefault("volume", Map.of());
        String clientToken = params.get("ClientToken", null);

        List<Ec2Instance> launched;
        String reservationId;
        synchronized (launchLock) {
            List<Ec2Instance> earlier = clientToken == null ? List.of()
                    : instances.all().stream().filter(i -> clientToken.equals(i.clientToken())).toList();
            if (!earlier.isEmpty()) {
                launched = earlier;
                reservationId = earlier.get(0).reservationId();
            } else {
                if (engine.knobs().countRunInstancesCall()) {
                    throw insufficient(instanceType, zone);
                }
                int room = Math.min(cloudConfig.maxInstances() - engine.activeCount(), cloudConfig.maxLaunchCount());
                int count = Math.min(max, room);
                if (count < min) {
                    throw insufficient(instanceType, zone);
                }
                reservationId = Ec2Ids.newId("r");
                List<Map<String, String>> attributes = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    attributes.add(Ec2Instances.launchAttributes(reservationId, i, keyName, groupIds, instanceType,
                            lifecycle, subnetId, zone, clientToken, volumeTags));
                }
                List<InstanceDescription> descriptions;
                try {
                    descriptions = engine.launch(new LaunchRequest(count, image, flavor, instanceTags, publicKeys,
                            userData, attributes));
                } catch (CloudException e) {
                    if (e.kind() == CloudException.Kind.CAPACITY) {
                        throw insufficient(instanceType, zone);
                    }
                    throw Ec2Error.invalidValue(e.getMessage());
                }
                launched = descriptions.stream().map(Ec2Instances::view).toList();
            }
        }
        Map<String, String> groupNames = GroupNames.of(data);
        xml.value("reservationId", reservationId)
                .value("ownerId", Ec2Ids.OWNER_ID)
                .empty("groupSet")
                .start("instancesSet");
        launched.forEach(instance -> InstanceXml.item(xml, instance, groupNames));
        xml.end();
    }

    /** SecurityGroupId.N and SecurityGroup.N (names), which must exist; none given: the "default" group. */
    private static List<String> groups(QueryParams params, Ec2Store.Data data) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : params.list("SecurityGroupId")) {
            if (!Ec2Ids.isWellFormed(id, "sg")) {
                throw Ec2Error.client("InvalidGroupId.Malformed", "Invalid id: '" + id + "' (expecting \"sg-...\")");
            }
            if (!data.groups.containsKey(id)) {
                throw Ec2Error.client("InvalidGroup.NotFound", "The security group '" + id + "' does not exist in VPC '"
                        + Ec2Ids.VPC_ID + "'");
            }
            ids.add(id);
        }
        for (String name : params.list("SecurityGroup")) {
            String id = data.groups.values().stream().filter(g -> g.name.equals(name)).map(g -> g.id).findFirst()
                    .orElseThrow(() -> Ec2Error.client("InvalidGroup.NotFound", "The security group '" + name
                            + "' does not exist in default VPC '" + Ec2Ids.VPC_ID + "'"));
            ids.add(id);
        }
        if (ids.isEmpty()) {
            data.groups.values().stream().filter(g -> g.name.equals(Ec2Store.DEFAULT_GROUP)).findFirst()
                    .ifPresent(g -> ids.add(g.id));
        }
        return List.copyOf(ids);
    }

    private static String userData(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw Ec2Error.invalidValue("Invalid BASE64 encoding of user data.");
        }
        if (bytes.length > MAX_USER_DATA) {
            throw Ec2Error.invalidValue("User data is limited to " + MAX_USER_DATA + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String lifecycle(String marketType) {
        if (marketType == null || marketType.isEmpty()) {
            return null;
        }
        if (!marketType.equals("spot")) {
            throw Ec2Error.invalidValue("Invalid value '" + marketType + "' for InstanceMarketOptions.MarketType; "
                    + "only 'spot' is supported here");
        }
        return "spot";
    }

    private static Ec2Error insufficient(String instanceType, String zone) {
        return Ec2Error.insufficientCapacity("We currently do not have sufficient " + instanceType
                + " capacity in the Availability Zone you requested (" + zone + "). "
                + "Our system will be working on provisioning additional capacity.");
    }
}
