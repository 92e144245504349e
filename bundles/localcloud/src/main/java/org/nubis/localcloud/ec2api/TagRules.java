package org.nubis.localcloud.ec2api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** EC2's rules for tags that clients set. */
final class TagRules {

    static final int MAX_TAGS = 50;

    private TagRules() {
    }

    static void check(Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key.length() > 128) {
                throw Ec2Error.invalidValue("Tag key exceeds the maximum length of 128 characters");
            }
            if (tag.getValue().length() > 256) {
                throw Ec2Error.invalidValue("Tag value exceeds the maximum length of 256 characters");
            }
            if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw Ec2Error.invalidValue("Tag keys starting with 'aws:' are reserved for internal use");
            }
            if (key.equals(Ec2Instance.SSH_PORT_TAG)) {
                throw Ec2Error.invalidValue("The tag " + Ec2Instance.SSH_PORT_TAG + " is set by the local cloud");
            }
        }
    }

    static void checkCount(String resourceId, int count) {
        if (count > MAX_TAGS) {
            throw Ec2Error.client("TagLimitExceeded", "The maximum number of tags (" + MAX_TAGS
                    + ") for resource '" + resourceId + "' has been exceeded");
        }
    }

    /**
     * {@code TagSpecification.N.ResourceType} / {@code TagSpecification.N.Tag.M.Key|Value}: the tags per
     * resource type, checked; a type outside {@code allowed} is refused as EC2 does.
     */
    static Map<String, Map<String, String>> specifications(QueryParams params, Set<String> allowed) {
        Map<String, Map<String, String>> byType = new LinkedHashMap<>();
        for (QueryParams spec : params.members("TagSpecification")) {
            String type = spec.get("ResourceType");
            if (type == null || type.isEmpty()) {
                throw Ec2Error.missing("TagSpecification.N.ResourceType");
            }
            if (!allowed.contains(type)) {
                throw Ec2Error.invalidValue("'" + type + "' is not a valid taggable resource type for this operation; "
                        + "valid here: " + String.join(", ", allowed));
            }
            Map<String, String> tags = spec.tags("Tag");
            check(tags);
            byType.computeIfAbsent(type, t -> new LinkedHashMap<>()).putAll(tags);
            checkCount(type, byType.get(type).size());
        }
        return byType;
    }
}
