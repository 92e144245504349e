package org.nubis.localcloud.ec2api;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EC2 instance types to local flavors: the flavors themselves (small, medium, large) are accepted as they
 * are; EC2 types map by size: nano, micro, small to small; medium to medium; large and up to large.
 */
final class InstanceTypes {

    private static final Pattern EC2_TYPE = Pattern.compile(
            "[a-z][a-z0-9-]*\\d[a-z0-9-]*\\.(nano|micro|small|medium|large|xlarge|\\d+xlarge|metal(-\\d+xl)?)");

    private final List<String> flavors;

    InstanceTypes(List<String> flavors) {
        this.flavors = List.copyOf(flavors);
    }

    /** The flavor for an instance type; InvalidParameterValue for a type that is neither. */
    String flavorOf(String instanceType) {
        if (flavors.contains(instanceType)) {
            return instanceType;
        }
        Matcher matcher = EC2_TYPE.matcher(instanceType);
        if (matcher.matches()) {
            String flavor = switch (matcher.group(1)) {
                case "nano", "micro", "small" -> "small";
                case "medium" -> "medium";
                default -> "large";
            };
            if (flavors.contains(flavor)) {
                return flavor;
            }
        }
        throw Ec2Error.invalidValue("Invalid value '" + instanceType + "' for InstanceType. Use an EC2 type such as "
                + "t3.micro, t3.medium, m5.large, or a local flavor: " + String.join(", ", flavors));
    }
}
