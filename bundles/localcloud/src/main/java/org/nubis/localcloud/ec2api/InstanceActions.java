package org.nubis.localcloud.ec2api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.nubis.localcloud.engine.InstanceDescription;
import org.nubis.localcloud.engine.InstanceState;

/**
 * DescribeInstances, Terminate/Stop/StartInstances and GetConsoleOutput. TerminateInstances answers
 * shutting-down and does not wait: the instance becomes terminated once its processes are gone.
 */
final class InstanceActions {

    static final Set<String> FILTERS = Set.of("instance-id", "instance-state-name", "instance-state-code", "tag-key",
            "tag-value", "key-name", "image-id", "instance-type", "reservation-id", "availability-zone",
            "instance.group-id", "instance.group-name", "group-id", "group-name", "instance-lifecycle", "subnet-id",
            "vpc-id", "launch-index", "private-ip-address", "ip-address", "dns-name");

    private final Ec2Instances instances;
    private final Ec2Store store;

    InstanceActions(Ec2Instances instances, Ec2Store store) {
        this.instances = instances;
        this.store = store;
    }

    void register(Map<String, Ec2Action> actions) {
        actions.put("DescribeInstances", this::describe);
        actions.put("TerminateInstances", (p, xml) -> change(p, xml, instances.engine()::beginTerminate,
                state -> false, "terminated"));
        actions.put("StopInstances", (p, xml) -> change(p, xml, instances.engine()::stop,
                state -> state == InstanceState.TERMINATED || state == InstanceState.SHUTTING_DOWN, "stopped"));
        actions.put("StartInstances", (p, xml) -> change(p, xml, instances.engine()::start,
                state -> state == InstanceState.TERMINATED || state.isGoingDown(), "started"));
        actions.put("GetConsoleOutput", this::consoleOutput);
    }

    private void describe(QueryParams params, XmlWriter xml) {
        List<String> ids = params.list("InstanceId");
        List<Filter> filters = params.filters();
        Filter.checkNames(filters, FILTERS, true);
        if (!ids.isEmpty() && params.has("MaxResults")) {
            throw Ec2Error.client("InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
        }
        Map<String, String> groupNames = GroupNames.of(store.snapshot());
        List<Ec2Instance> candidates = ids.isEmpty() ? instances.all() : instances.byIds(ids);
        List<Ec2Instance> matching = candidates.stream()
                .filter(instance -> filters.stream().allMatch(f -> f.matchesAny(values(f.name(), instance, groupNames))))
                .toList();
        Pages.Page<Ec2Instance> page = Pages.of(matching, InstanceActions::sortKey, params);
        // Consecutive instances of one launch share a reservation, as on EC2.
        Map<String, List<Ec2Instance>> reservations = new LinkedHashMap<>();
        page.items().forEach(i -> reservations.computeIfAbsent(i.reservationId(), r -> new ArrayList<>()).add(i));
        if (reservations.isEmpty()) {
            xml.empty("reservationSet");
        } else {
            xml.start("reservationSet");
            reservations.forEach((reservationId, members) -> {
                xml.start("item").value("reservationId", reservationId).value("ownerId", Ec2Ids.OWNER_ID)
                        .empty("groupSet").start("instancesSet");
                members.forEach(instance -> InstanceXml.item(xml, instance, groupNames));
                xml.end().end();
            });
            xml.end();
        }
        xml.value("nextToken", page.nextToken());
    }

    /** Terminate, stop or start: EC2's state-change answer with the state before and after. */
    private void change(QueryParams params, XmlWriter xml, Function<Collection<String>, List<InstanceDescription>> action,
            Predicate<InstanceState> refused, String verb) {
        List<String> ids = params.list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missing("InstanceId");
        }
        List<Ec2Instance> targets = instances.byIds(ids);
        for (Ec2Instance instance : targets) {
            InstanceState state = instance.state();
            if (refused.test(state)) {
                throw Ec2Error.client("IncorrectInstanceState", "The instance '" + instance.instanceId()
                        + "' is not in a state from which it can be " + verb + " (it is " + state.apiName() + ")");
            }
        }
        Map<String, InstanceState> after = new HashMap<>();
        action.apply(targets.stream().map(Ec2Instance::engineId).toList())
                .forEach(description -> after.put(description.id(), description.state()));
        xml.start("instancesSet");
        for (Ec2Instance instance : targets) {
            InstanceXml.stateChange(xml, instance.instanceId(), instance.state(),
                    after.getOrDefault(instance.engineId(), instance.state()));
        }
        xml.end();
    }

    private void consoleOutput(QueryParams params, XmlWriter xml) {
        Ec2Instance instance = instances.byId(params.require("InstanceId"));
        String console = instances.engine().console(instance.engineId());
        xml.value("instanceId", instance.instanceId()).value("timestamp", Instant.now());
        if (!console.isEmpty()) {
            xml.value("output", Base64.getEncoder().encodeToString(console.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Launch order: oldest first, and in a launch by launch index. */
    static String sortKey(Ec2Instance instance) {
        Instant launched = instance.engine().launchedAt();
        return String.format("%019d%09d|%s|%06d|%s", launched.getEpochSecond(), launched.getNano(),
                instance.reservationId(), instance.launchIndex(), instance.instanceId());
    }

    private static Collection<String> values(String filter, Ec2Instance i, Map<String, String> groupNames) {
        if (filter.startsWith("tag:")) {
            String value = i.tags().get(filter.substring(4));
            return value == null ? List.of() : List.of(value);
        }
        boolean live = i.state() == InstanceState.PENDING || i.state() == InstanceState.RUNNING;
        return switch (filter) {
            case "instance-id" -> List.of(i.instanceId());
            case "instance-state-name" -> List.of(i.state().apiName());
            case "instance-state-code" -> List.of(Integer.toString(Ec2Instance.code(i.state())));
            case "tag-key" -> i.tags().keySet();
            case "tag-value" -> i.tags().values();
            case "key-name" -> optional(i.keyName());
            case "image-id" -> List.of(i.imageId());
            case "instance-type" -> List.of(i.instanceType());
            case "reservation-id" -> List.of(i.reservationId());
            case "availability-zone" -> optional(i.zone());
            case "instance.group-id", "group-id" -> i.groupIds();
            case "instance.group-name", "group-name" -> i.groupIds().stream().map(groupNames::get).toList();
            case "instance-lifecycle" -> optional(i.lifecycle());
            case "subnet-id" -> optional(i.subnetId());
            case "vpc-id" -> List.of(Ec2Ids.VPC_ID);
            case "launch-index" -> List.of(Integer.toString(i.launchIndex()));
            case "private-ip-address" -> i.isTerminated() ? List.of() : List.of(InstanceXml.HOST);
            case "ip-address" -> live ? List.of(InstanceXml.HOST) : List.of();
            case "dns-name" -> live ? List.of(InstanceXml.DNS_NAME) : List.of();
            default -> List.of();
        };
    }

    private static List<String> optional(String value) {
        return value == null ? List.of() : List.of(value);
    }
}
