package org.nubis.core.cloud;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.nubis.api.NubisException;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.CloudRegistry;

/** Asks clouds about instances, one request per cloud, and says which clouds could not be asked. */
public final class CloudLookup {

    /** An instance as Nubis names it: its cloud and that cloud's id. */
    public record CloudRef(String cloud, String cloudId) {
    }

    /**
     * @param found       what the clouds reported, by reference; an instance a cloud does not know is absent
     * @param unavailable clouds that could not be asked (provider gone, process down...)
     */
    public record Answer(Map<CloudRef, CloudInstance> found, Set<String> unavailable) {
        public boolean asked(String cloud) {
            return !unavailable.contains(cloud);
        }
    }

    private final CloudRegistry clouds;

    public CloudLookup(CloudRegistry clouds) {
        this.clouds = clouds;
    }

    public Answer describe(Collection<CloudRef> refs) {
        Map<String, List<String>> byCloud = refs.stream().filter(r -> r.cloudId() != null)
                .collect(Collectors.groupingBy(CloudRef::cloud, LinkedHashMap::new,
                        Collectors.mapping(CloudRef::cloudId, Collectors.toList())));
        Map<CloudRef, CloudInstance> found = new HashMap<>();
        Set<String> unavailable = new HashSet<>();
        byCloud.forEach((cloud, ids) -> {
            try {
                for (CloudInstance c : clouds.connection(cloud).describeIds(ids)) {
                    found.put(new CloudRef(cloud, c.cloudId()), c);
                }
            } catch (NubisException e) {
                unavailable.add(cloud);
            }
        });
        return new Answer(found, unavailable);
    }
}
