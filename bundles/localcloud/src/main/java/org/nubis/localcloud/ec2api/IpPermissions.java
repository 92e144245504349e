package org.nubis.localcloud.ec2api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security group rules: read from {@code IpPermissions.N.*} (or the older top-level IpProtocol, FromPort,
 * ToPort, CidrIp, SourceSecurityGroupName) into one rule per peer, and written back as EC2's
 * {@code ipPermissions} (rules of one protocol and port range share an item).
 */
final class IpPermissions {

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private IpPermissions() {
    }

    /** The rules a request names; group peers must exist in {@code data}. */
    static List<Ec2Store.Rule> parse(QueryParams params, Ec2Store.Data data) {
        List<Ec2Store.Rule> rules = new ArrayList<>();
        for (QueryParams permission : params.members("IpPermissions")) {
            rules.addAll(permission(permission, permission.members("IpRanges"), permission.members("Groups"), data));
        }
        if (params.has("IpProtocol")) {
            List<QueryParams> ranges = params.has("CidrIp")
                    ? List.of(QueryParams.of(Map.of("CidrIp", params.get("CidrIp")))) : List.of();
            List<QueryParams> groups = params.has("SourceSecurityGroupName")
                    ? List.of(QueryParams.of(Map.of("GroupName", params.get("SourceSecurityGroupName")))) : List.of();
            rules.addAll(permission(params, ranges, groups, data));
        }
        if (rules.isEmpty()) {
            throw Ec2Error.missing("IpPermissions");
        }
        return rules;
    }

    /** Whether two rules allow the same traffic from the same peer. */
    static boolean same(Ec2Store.Rule a, Ec2Store.Rule b) {
        return a.protocol.equals(b.protocol) && Objects.equals(a.fromPort, b.fromPort) && Objects.equals(a.toPort, b.toPort)
                && Objects.equals(a.cidr, b.cidr) && Objects.equals(a.sourceGroupId, b.sourceGroupId);
    }

    /** As EC2 words a rule in its errors. */
    static String describe(Ec2Store.Rule rule) {
        return "peer: " + (rule.cidr != null ? rule.cidr : rule.sourceGroupId) + ", "
                + (rule.protocol.equals("-1") ? "ALL" : rule.protocol.toUpperCase(Locale.ROOT))
                + (rule.fromPort == null ? "" : ", from port: " + rule.fromPort + ", to port: " + rule.toPort) + ", ALLOW";
    }

    /** {@code <element><item>...</item></element>} in EC2's IpPermission shape. */
    static void write(XmlWriter xml, String element, List<Ec2Store.Rule> rules) {
        if (rules.isEmpty()) {
            xml.empty(element);
            return;
        }
        Map<String, List<Ec2Store.Rule>> byTraffic = new LinkedHashMap<>();
        rules.forEach(rule -> byTraffic.computeIfAbsent(rule.protocol + "/" + rule.fromPort + "/" + rule.toPort,
                key -> new ArrayList<>()).add(rule));
        xml.start(element);
        for (List<Ec2Store.Rule> same : byTraffic.values()) {
            Ec2Store.Rule first = same.get(0);
            xml.start("item").value("ipProtocol", first.protocol).value("fromPort", first.fromPort)
                    .value("toPort", first.toPort);
            List<Ec2Store.Rule> groups = same.stream().filter(r -> r.sourceGroupId != null).toList();
            List<Ec2Store.Rule> ranges = same.stream().filter(r -> r.cidr != null).toList();
            if (groups.isEmpty()) {
                xml.empty("groups");
            } else {
                xml.start("groups");
                groups.forEach(r -> xml.start("item").value("description", r.description)
                        .value("userId", Ec2Ids.OWNER_ID).value("groupId", r.sourceGroupId).end());
                xml.end();
            }
            if (ranges.isEmpty()) {
                xml.empty("ipRanges");
            } else {
                xml.start("ipRanges");
                ranges.forEach(r -> xml.start("item").value("cidrIp", r.cidr).value("description", r.description).end());
                xml.end();
            }
            xml.empty("ipv6Ranges").empty("prefixListIds").end();
        }
        xml.end();
    }

    /** One {@code <item>} of a securityGroupRuleSet. */
    static void writeRule(XmlWriter xml, String groupId, Ec2Store.Rule rule) {
        xml.start("item")
                .value("securityGroupRuleId", rule.id)
                .value("groupId", groupId)
                .value("groupOwnerId", Ec2Ids.OWNER_ID)
                .value("isEgress", false)
                .value("ipProtocol", rule.protocol)
                .value("fromPort", rule.fromPort == null ? -1 : rule.fromPort)
                .value("toPort", rule.toPort == null ? -1 : rule.toPort)
                .value("cidrIpv4", rule.cidr);
        if (rule.sourceGroupId != null) {
            xml.start("referencedGroupInfo").value("groupId", rule.sourceGroupId).value("userId", Ec2Ids.OWNER_ID).end();
        }
        xml.value("description", rule.description).end();
    }

    private static List<Ec2Store.Rule> permission(QueryParams p, List<QueryParams> ranges, List<QueryParams> groups,
            Ec2Store.Data data) {
        String protocol = protocol(p.require("IpProtocol"));
        Integer from = p.integer("FromPort");
        Integer to = p.integer("ToPort");
        switch (protocol) {
            case "tcp", "udp" -> {
                if (from == null || to == null) {
                    throw Ec2Error.invalidValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange");
                }
                if (from < 0 || to > 65535 || from > to) {
                    throw Ec2Error.invalidValue("Invalid value '" + from + "-" + to + "' for portRange; "
                            + "ports are 0..65535 and FromPort must not exceed ToPort");
                }
            }
            case "icmp" -> {
                from = from == null ? -1 : from;
                to = to == null ? -1 : to;
            }
            default -> {
                from = null;
                to = null;
            }
        }
        if (!p.members("Ipv6Ranges").isEmpty() || !p.members("PrefixListIds").isEmpty()) {
            throw Ec2Error.invalidValue("Only IpRanges (IPv4 CIDRs) and Groups can be peers here");
        }
        List<Ec2Store.Rule> rules = new ArrayList<>();
        for (QueryParams range : ranges) {
            Ec2Store.Rule rule = rule(protocol, from, to, range.get("Description"));
            rule.cidr = cidr(range.require("CidrIp"));
            rules.add(rule);
        }
        for (QueryParams group : groups) {
            Ec2Store.Rule rule = rule(protocol, from, to, group.get("Description"));
            rule.sourceGroupId = groupId(group, data);
            rules.add(rule);
        }
        if (rules.isEmpty()) {
            throw Ec2Error.missing("IpPermissions.N.IpRanges (or Groups)");
        }
        return rules;
    }

    private static Ec2Store.Rule rule(String protocol, Integer from, Integer to, String description) {
        Ec2Store.Rule rule = new Ec2Store.Rule();
        rule.protocol = protocol;
        rule.fromPort = from;
        rule.toPort = to;
        rule.description = description == null || description.isEmpty() ? null : description;
        return rule;
    }

    private static String protocol(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "tcp", "6":
                return "tcp";
            case "udp", "17":
                return "udp";
            case "icmp", "1":
                return "icmp";
            case "-1", "all":
                return "-1";
            default:
                if (lower.matches("\\d{1,3}") && Integer.parseInt(lower) <= 255) {
                    return lower;
                }
                throw Ec2Error.invalidValue("Invalid value '" + text + "' for IP protocol. Unknown protocol.");
        }
    }

    private static String cidr(String text) {
        Matcher matcher = CIDR.matcher(text);
        boolean valid = matcher.matches() && Integer.parseInt(matcher.group(5)) <= 32;
        for (int i = 1; valid && i <= 4; i++) {
            valid = Integer.parseInt(matcher.group(i)) <= 255;
        }
        if (!valid) {
            throw Ec2Error.invalidValue("CIDR block " + text + " is malformed");
        }
        return text;
    }

    private static String groupId(QueryParams group, Ec2Store.Data data) {
        String id = group.get("GroupId");
        if (id != null && !id.isEmpty()) {
            if (!data.groups.containsKey(id)) {
                throw Ec2Error.client("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            }
            return id;
        }
        String name = group.require("GroupName");
        return data.groups.values().stream().filter(g -> g.name.equals(name)).map(g -> g.id).findFirst()
                .orElseThrow(() -> Ec2Error.client("InvalidGroup.NotFound", "The security group '" + name
                        + "' does not exist in default VPC '" + Ec2Ids.VPC_ID + "'"));
    }
}
