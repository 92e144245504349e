package org.nubis.localcloud.ec2api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateSecurityGroup, DescribeSecurityGroups, Authorize/RevokeSecurityGroupIngress, DeleteSecurityGroup.
 * Rules are kept and shown but not enforced: every sandbox listens on loopback.
 */
final class SecurityGroupActions {

    static final Set<String> FILTERS = Set.of("group-name", "group-id", "description", "vpc-id", "owner-id",
            "tag-key", "tag-value");

    private final Ec2Store store;
    private final Ec2Instances instances;

    SecurityGroupActions(Ec2Store store, Ec2Instances instances) {
        this.store = store;
        this.instances = instances;
    }

    void register(Map<String, Ec2Action> actions) {
        actions.put("CreateSecurityGroup", this::create);
        actions.put("DescribeSecurityGroups", this::describe);
        actions.put("AuthorizeSecurityGroupIngress", this::authorize);
        actions.put("RevokeSecurityGroupIngress", this::revoke);
        actions.put("DeleteSecurityGroup", this::delete);
    }

    private void create(QueryParams params, XmlWriter xml) {
        String name = params.require("GroupName");
        String description = params.require("GroupDescription");
        if (name.length() > 255 || description.length() > 255) {
            throw Ec2Error.invalidValue("GroupName and GroupDescription are limited to 255 characters");
        }
        if (name.startsWith("sg-")) {
            throw Ec2Error.invalidValue("Group names may not be in the format sg-*.");
        }
        String vpcId = params.get("VpcId", Ec2Ids.VPC_ID);
        Map<String, String> tags = TagRules.specifications(params, Set.of("security-group"))
                .getOrDefault("security-group", Map.of());
        Ec2Store.Group group = new Ec2Store.Group();
        group.id = Ec2Ids.newId("sg");
        group.name = name;
        group.description = description;
        group.vpcId = vpcId;
        group.tags.putAll(tags);
        store.change(data -> {
            if (data.groups.values().stream().anyMatch(g -> g.name.equals(name) && g.vpcId.equals(vpcId))) {
                throw Ec2Error.client("InvalidGroup.Duplicate", "The security group '" + name
                        + "' already exists for VPC '" + vpcId + "'");
            }
            data.groups.put(group.id, group);
            return null;
        });
        xml.value("return", true).value("groupId", group.id);
        if (!tags.isEmpty()) {
            xml.tags("tagSet", group.tags);
        }
    }

    private void describe(QueryParams params, XmlWriter xml) {
        List<String> names = params.list("GroupName");
        List<String> ids = params.list("GroupId");
        List<Filter> filters = params.filters();
        Filter.checkNames(filters, FILTERS, true);
        Ec2Store.Data data = store.snapshot();
        for (String id : ids) {
            checkId(id);
            if (!data.groups.containsKey(id)) {
                throw Ec2Error.client("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            }
        }
        for (String name : names) {
            if (data.groups.values().stream().noneMatch(g -> g.name.equals(name))) {
                throw Ec2Error.client("InvalidGroup.NotFound", "The security group '" + name
                        + "' does not exist in default VPC '" + Ec2Ids.VPC_ID + "'");
            }
        }
        List<Ec2Store.Group> matching = new ArrayList<>();
        for (Ec2Store.Group group : data.groups.values()) {
            boolean named = (names.isEmpty() && ids.isEmpty()) || names.contains(group.name) || ids.contains(group.id);
            if (named && filters.stream().allMatch(f -> f.matchesAny(values(f.name(), group)))) {
                matching.add(group);
            }
        }
        Pages.Page<Ec2Store.Group> page = Pages.of(matching, g -> g.id, params);
        if (page.items().isEmpty()) {
            xml.empty("securityGroupInfo");
        } else {
            xml.start("securityGroupInfo");
            page.items().forEach(group -> item(xml, group));
            xml.end();
        }
        xml.value("nextToken", page.nextToken());
    }

    private void authorize(QueryParams params, XmlWriter xml) {
        Ec2Store.Group target = find(params, store.snapshot());
        List<Ec2Store.Rule> added = store.change(data -> {
            Ec2Store.Group group = data.groups.get(target.id);
            List<Ec2Store.Rule> rules = IpPermissions.parse(params, data);
            for (int i = 0; i < rules.size(); i++) {
                Ec2Store.Rule rule = rules.get(i);
                boolean repeated = rules.subList(0, i).stream().anyMatch(r -> IpPermissions.same(r, rule));
                if (repeated || group.ingress.stream().anyMatch(r -> IpPermissions.same(r, rule))) {
                    throw Ec2Error.client("InvalidPermission.Duplicate", "the specified rule \""
                            + IpPermissions.describe(rule) + "\" already exists");
                }
                rule.id = Ec2Ids.newId("sgr");
            }
            group.ingress.addAll(rules);
            return rules;
        });
        xml.value("return", true).start("securityGroupRuleSet");
        added.forEach(rule -> IpPermissions.writeRule(xml, target.id, rule));
        xml.end();
    }

    private void revoke(QueryParams params, XmlWriter xml) {
        Ec2Store.Group target = find(params, store.snapshot());
        List<String> ruleIds = params.list("SecurityGroupRuleId");
        List<Ec2Store.Rule> removed = store.change(data -> {
            Ec2Store.Group group = data.groups.get(target.id);
            List<Ec2Store.Rule> gone = new ArrayList<>();
            if (!ruleIds.isEmpty()) {
                for (String id : ruleIds) {
                    Ec2Store.Rule rule = group.ingress.stream().filter(r -> r.id.equals(id)).findFirst()
                            .orElseThrow(() -> Ec2Error.client("InvalidSecurityGroupRuleId.NotFound",
                                    "The security group rule ID '" + id + "' does not exist"));
                    gone.add(rule);
                }
            } else {
                for (Ec2Store.Rule rule : IpPermissions.parse(params, data)) {
                    gone.add(group.ingress.stream().filter(r -> IpPermissions.same(r, rule)).findFirst()
                            .orElseThrow(() -> Ec2Error.client("InvalidPermission.NotFound",
                                    "The specified rule does not exist in this security group.")));
                }
            }
            group.ingress.removeAll(gone);
            return gone;
        });
        xml.value("return", true).start("revokedSecurityGroupRuleSet");
        removed.forEach(rule -> IpPermissions.writeRule(xml, target.id, rule));
        xml.end();
    }

    private void delete(QueryParams params, XmlWriter xml) {
        Ec2Store.Group target = find(params, store.snapshot());
        if (target.name.equals(Ec2Store.DEFAULT_GROUP)) {
            throw Ec2Error.client("CannotDelete", "the specified group: \"" + target.id
                    + "\" name: \"default\" cannot be deleted by a user");
        }
        boolean inUse = instances.all().stream().anyMatch(i -> !i.isTerminated() && i.groupIds().contains(target.id));
        String deleted = store.change(data -> {
            boolean referenced = data.groups.values().stream().anyMatch(g -> !g.id.equals(target.id)
                    && g.ingress.stream().anyMatch(r -> target.id.equals(r.sourceGroupId)));
            if (inUse || referenced) {
                throw Ec2Error.client("DependencyViolation", "resource " + target.id + " has a dependent object");
            }
            data.groups.remove(target.id);
            return target.id;
        });
        xml.value("return", true).value("groupId", deleted);
    }

    /** The group named by GroupId or GroupName. */
    private static Ec2Store.Group find(QueryParams params, Ec2Store.Data data) {
        String id = params.get("GroupId", null);
        if (id != null) {
            checkId(id);
            Ec2Store.Group group = data.groups.get(id);
            if (group == null) {
                throw Ec2Error.client("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            }
            return group;
        }
        String name = params.get("GroupName", null);
        if (name == null) {
            throw Ec2Error.missing("GroupId (or GroupName)");
        }
        return data.groups.values().stream().filter(g -> g.name.equals(name)).findFirst()
                .orElseThrow(() -> Ec2Error.client("InvalidGroup.NotFound", "The security group '" + name
                        + "' does not exist in default VPC '" + Ec2Ids.VPC_ID + "'"));
    }

    private static void checkId(String id) {
        if (!Ec2Ids.isWellFormed(id, "sg")) {
            throw Ec2Error.client("InvalidGroupId.Malformed", "Invalid id: '" + id + "' (expecting \"sg-...\")");
        }
    }

    private static void item(XmlWriter xml, Ec2Store.Group group) {
        xml.start("item")
                .value("ownerId", Ec2Ids.OWNER_ID)
                .value("groupId", group.id)
                .value("groupName", group.name)
                .value("groupDescription", group.description)
                .value("vpcId", group.vpcId);
        IpPermissions.write(xml, "ipPermissions", group.ingress);
        // Everything may leave, as in a new EC2 group.
        xml.start("ipPermissionsEgress").start("item").value("ipProtocol", "-1").empty("groups")
                .start("ipRanges").start("item").value("cidrIp", "0.0.0.0/0").end().end()
                .empty("ipv6Ranges").empty("prefixListIds").end().end();
        xml.tags("tagSet", group.tags).end();
    }

    private static List<String> values(String filter, Ec2Store.Group group) {
        if (filter.startsWith("tag:")) {
            String value = group.tags.get(filter.substring(4));
            return value == null ? List.of() : List.of(value);
        }
        return switch (filter) {
            case "group-name" -> List.of(group.name);
            case "group-id" -> List.of(group.id);
            case "description" -> List.of(group.description);
            case "vpc-id" -> List.of(group.vpcId);
            case "owner-id" -> List.of(Ec2Ids.OWNER_ID);
            case "tag-key" -> List.copyOf(group.tags.keySet());
            case "tag-value" -> List.copyOf(group.tags.values());
            default -> List.of();
        };
    }
}
