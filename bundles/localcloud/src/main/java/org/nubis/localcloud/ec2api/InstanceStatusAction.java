package org.nubis.localcloud.ec2api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nubis.localcloud.engine.InstanceState;

/**
 * DescribeInstanceStatus. As on EC2, only running instances unless {@code IncludeAllInstances}; the others are
 * then {@code not-applicable}. A running instance is ok (system and instance status, reachability passed) when its
 * SSH port answers: the engine binds the port before it calls an instance running, so that is as soon as it runs,
 * except for an instance made never reachable, whose instance status stays initializing (the system status is ok:
 * the "host" is fine). There are no scheduled events, so an {@code event.*} filter matches nothing.
 */
final class InstanceStatusAction {

    static final Set<String> FILTERS = Set.of("availability-zone", "instance-state-code", "instance-state-name",
            "instance-status.status", "instance-status.reachability", "system-status.status",
            "system-status.reachability", "event.code", "event.description", "event.instance-event-id",
            "event.not-after", "event.not-before", "event.not-before-deadline");

    private static final String OK = "ok";
    private static final String INITIALIZING = "initializing";
    private static final String NOT_APPLICABLE = "not-applicable";

    /** One instance's answer: the status of the instance check and of the system check, with their reachability. */
    private record Status(Ec2Instance instance, String instanceStatus, String instanceReachability,
            String systemStatus, String systemReachability) {
    }

    private final Ec2Instances instances;

    InstanceStatusAction(Ec2Instances instances) {
        this.instances = instances;
    }

    void register(Map<String, Ec2Action> actions) {
        actions.put("DescribeInstanceStatus", this::describe);
    }

    private void describe(QueryParams params, XmlWriter xml) {
        List<String> ids = params.list("InstanceId");
        List<Filter> filters = params.filters();
        Filter.checkNames(filters, FILTERS, false);
        if (!ids.isEmpty() && params.has("MaxResults")) {
            throw Ec2Error.client("InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
        }
        boolean includeAll = params.bool("IncludeAllInstances");
        List<Ec2Instance> candidates = ids.isEmpty() ? instances.all() : instances.byIds(ids);
        List<Status> matching = candidates.stream()
                .filter(instance -> includeAll || instance.state() == InstanceState.RUNNING)
                .map(this::status)
                .filter(status -> filters.stream().allMatch(f -> f.matchesAny(values(f.name(), status))))
                .toList();
        Pages.Page<Status> page = Pages.of(matching, status -> InstanceActions.sortKey(status.instance()), params);
        if (page.items().isEmpty()) {
            xml.empty("instanceStatusSet");
        } else {
            xml.start("instanceStatusSet");
            page.items().forEach(status -> item(xml, status));
            xml.end();
        }
        xml.value("nextToken", page.nextToken());
    }

    private Status status(Ec2Instance instance) {
        if (instance.state() != InstanceState.RUNNING) {
            return new Status(instance, NOT_APPLICABLE, null, NOT_APPLICABLE, null);
        }
        if (instances.engine().answersSsh(instance.engineId())) {
            return new Status(instance, OK, "passed", OK, "passed");
        }
        return new Status(instance, INITIALIZING, INITIALIZING, OK, "passed");
    }

    private static void item(XmlWriter xml, Status status) {
        Ec2Instance instance = status.instance();
        xml.start("item")
                .value("instanceId", instance.instanceId())
                .value("availabilityZone", instance.zone());
        InstanceXml.state(xml, "instanceState", instance.state());
        check(xml, "systemStatus", status.systemStatus(), status.systemReachability());
        check(xml, "instanceStatus", status.instanceStatus(), status.instanceReachability());
        xml.end();
    }

    private static void check(XmlWriter xml, String element, String status, String reachability) {
        xml.start(element).value("status", status);
        if (reachability != null) {
            xml.start("details").start("item").value("name", "reachability").value("status", reachability)
                    .end().end();
        }
        xml.end();
    }

    private static List<String> values(String filter, Status status) {
        Ec2Instance instance = status.instance();
        return switch (filter) {
            case "availability-zone" -> instance.zone() == null ? List.of() : List.of(instance.zone());
            case "instance-state-code" -> List.of(Integer.toString(Ec2Instance.code(instance.state())));
            case "instance-state-name" -> List.of(instance.state().apiName());
            case "instance-status.status" -> List.of(status.instanceStatus());
            case "instance-status.reachability" -> optional(status.instanceReachability());
            case "system-status.status" -> List.of(status.systemStatus());
            case "system-status.reachability" -> optional(status.systemReachability());
            default -> List.of();
        };
    }

    private static List<String> optional(String value) {
        return value == null ? List.of() : List.of(value);
    }
}
