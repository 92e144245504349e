package org.nubis.localcloud.ec2api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * CreateTags, DeleteTags, DescribeTags over instances, their root volumes, security groups and key pairs.
 * Instance tags are the engine's tags (the native API sees them too); the others are kept by the EC2 face.
 */
final class TagActions {

    static final Set<String> FILTERS = Set.of("resource-id", "resource-type", "key", "value");

    private final Ec2Instances instances;
    private final Ec2Store store;

    TagActions(Ec2Instances instances, Ec2Store store) {
        this.instances = instances;
        this.store = store;
    }

    void register(Map<String, Ec2Action> actions) {
        actions.put("CreateTags", this::create);
        actions.put("DeleteTags", this::delete);
        actions.put("DescribeTags", this::describe);
    }

    /** One tagged resource; {@code target} is the instance for instances and volumes. */
    private record Resource(String id, String type, Ec2Instance target) {
    }

    private record Entry(String resourceId, String resourceType, String key, String value) {
    }

    private void create(QueryParams params, XmlWriter xml) {
        List<Resource> resources = resources(params);
        Map<String, String> tags = params.tags("Tag");
        if (tags.isEmpty()) {
            throw Ec2Error.missing("Tag");
        }
        TagRules.check(tags);
        for (Resource resource : resources) {
            Map<String, String> now = new HashMap<>(tagsOf(resource));
            now.remove(Ec2Instance.SSH_PORT_TAG);
            now.putAll(tags);
            TagRules.checkCount(resource.id(), now.size());
        }
        for (Resource resource : resources) {
            switch (resource.type()) {
                case "instance" -> instances.engine().tag(List.of(resource.target().engineId()), tags);
                case "volume" -> instances.changeVolumeTags(resource.target(), volumeTags -> volumeTags.putAll(tags));
                default -> changeStored(resource, stored -> stored.putAll(tags));
            }
        }
        xml.value("return", true);
    }

    private void delete(QueryParams params, XmlWriter xml) {
        List<Resource> resources = resources(params);
        Map<String, String> keysGiven = new LinkedHashMap<>();
        List<String[]> specs = new ArrayList<>();
        for (QueryParams tag : params.members("Tag")) {
            String key = tag.require("Key");
            keysGiven.put(key, "");
            // An absent value deletes the tag whatever its value; a given one (even "") only if it matches.
            specs.add(new String[] {key, tag.get("Value")});
        }
        TagRules.check(keysGiven);
        BiPredicate<String, String> doomed = (key, value) -> specs.isEmpty() || specs.stream()
                .anyMatch(spec -> spec[0].equals(key) && (spec[1] == null || spec[1].equals(value)));
        for (Resource resource : resources) {
            switch (resource.type()) {
                case "instance" -> instances.engine().untag(List.of(resource.target().engineId()), doomed);
                case "volume" -> instances.changeVolumeTags(resource.target(),
                        tags -> tags.entrySet().removeIf(t -> doomed.test(t.getKey(), t.getValue())));
                default -> changeStored(resource, tags -> tags.entrySet().removeIf(t -> doomed.test(t.getKey(), t.getValue())));
            }
        }
        xml.value("return", true);
    }

    private void describe(QueryParams params, XmlWriter xml) {
        List<Filter> filters = params.filters();
        Filter.checkNames(filters, FILTERS, true);
        List<Entry> entries = new ArrayList<>();
        for (Ec2Instance instance : instances.all()) {
            add(entries, instance.instanceId(), "instance", instance.tags(), filters);
            if (!instance.isTerminated()) {
                add(entries, instance.volumeId(), "volume", instance.volumeTags(), filters);
            }
        }
        Ec2Store.Data data = store.snapshot();
        data.groups.values().forEach(group -> add(entries, group.id, "security-group", group.tags, filters));
        data.keyPairs.values().forEach(key -> add(entries, key.id, "key-pair", key.tags, filters));
        Pages.Page<Entry> page = Pages.of(entries, e -> e.resourceId() + "\u0000" + e.key(), params);
        if (page.items().isEmpty()) {
            xml.empty("tagSet");
        } else {
            xml.start("tagSet");
            for (Entry entry : page.items()) {
                xml.start("item").value("resourceId", entry.resourceId()).value("resourceType", entry.resourceType())
                        .value("key", entry.key()).value("value", entry.value()).end();
            }
            xml.end();
        }
        xml.value("nextToken", page.nextToken());
    }

    /** Adds the tags of one resource that pass every filter. */
    private static void add(List<Entry> entries, String id, String type, Map<String, String> tags, List<Filter> filters) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            boolean keep = true;
            for (Filter filter : filters) {
                String candidate = switch (filter.name()) {
                    case "resource-id" -> id;
                    case "resource-type" -> type;
                    case "key" -> tag.getKey();
                    case "value" -> tag.getValue();
                    default -> tags.get(filter.name().substring(4)); // tag:KEY: resources having that tag
                };
                keep &= candidate != null && filter.matches(candidate);
            }
            if (keep) {
                entries.add(new Entry(id, type, tag.getKey(), tag.getValue()));
            }
        }
    }

    /** ResourceId.N, each of which must exist (all are checked before anything changes). */
    private List<Resource> resources(QueryParams params) {
        List<String> ids = params.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missing("ResourceId");
        }
        Ec2Store.Data data = store.snapshot();
        List<Resource> resources = new ArrayList<>();
        for (String id : ids) {
            if (id.startsWith("i-")) {
                resources.add(new Resource(id, "instance", instances.byId(id)));
            } else if (id.startsWith("vol-")) {
                Ec2Instance owner = instances.byVolumeId(id).orElseThrow(() ->
                        Ec2Error.client("InvalidVolume.NotFound", "The volume '" + id + "' does not exist."));
                resources.add(new Resource(id, "volume", owner));
            } else if (id.startsWith("sg-")) {
                if (!data.groups.containsKey(id)) {
                    throw Ec2Error.client("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
                }
                resources.add(new Resource(id, "security-group", null));
            } else if (id.startsWith("key-")) {
                if (data.keyPairs.values().stream().noneMatch(k -> k.id.equals(id))) {
                    throw Ec2Error.client("InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist");
                }
                resources.add(new Resource(id, "key-pair", null));
            } else {
                throw Ec2Error.client("InvalidID", "The ID '" + id + "' is not valid");
            }
        }
        return resources;
    }

    private Map<String, String> tagsOf(Resource resource) {
        return switch (resource.type()) {
            case "instance" -> resource.target().tags();
            case "volume" -> resource.target().volumeTags();
            default -> storedTags(store.snapshot(), resource);
        };
    }

    private void changeStored(Resource resource, Consumer<Map<String, String>> change) {
        store.change(data -> {
            change.accept(storedTags(data, resource));
            return null;
        });
    }

    /** The live tag map of a stored resource (a group or key pair) in this data. */
    private static Map<String, String> storedTags(Ec2Store.Data data, Resource resource) {
        if (resource.type().equals("security-group")) {
            Ec2Store.Group group = data.groups.get(resource.id());
            return group == null ? new HashMap<>() : group.tags;
        }
        return data.keyPairs.values().stream().filter(k -> k.id.equals(resource.id())).findFirst()
                .map(key -> key.tags).orElseGet(HashMap::new);
    }
}
