package org.nubis.localcloud.ec2api;

import java.util.HashMap;
import java.util.Map;

/** Security group ids to names, for answers that show both. */
final class GroupNames {

    private GroupNames() {
    }

    static Map<String, String> of(Ec2Store.Data data) {
        Map<String, String> names = new HashMap<>();
        data.groups.values().forEach(group -> names.put(group.id, group.name));
        return names;
    }
}
