package org.nubis.core.experiment;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.nubis.api.NotFoundException;
import org.nubis.api.machine.Machine;

/** precip's addressing: the instances carrying all the given tags; no tags selects all. */
final class TagSelection {

    private static final int TAGS_SHOWN = 20;

    private TagSelection() {
    }

    static List<Machine> select(String experiment, List<Machine> instances, Set<String> tags) {
        if (tags.isEmpty()) {
            return instances;
        }
        List<Machine> selected = instances.stream().filter(i -> i.hasAll(tags)).toList();
        if (selected.isEmpty()) {
            throw new NotFoundException("no instance of experiment '" + experiment + "' carries "
                    + (tags.size() == 1 ? "tag " : "all of the tags ") + String.join(", ", new TreeSet<>(tags))
                    + "; tags in use: " + tagsInUse(instances));
        }
        return selected;
    }

    private static String tagsInUse(List<Machine> instances) {
        TreeSet<String> all = instances.stream().flatMap(i -> i.tags().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        if (all.isEmpty()) {
            return "none (the experiment has no instances)";
        }
        String shown = all.stream().limit(TAGS_SHOWN).collect(Collectors.joining(", "));
        return all.size() > TAGS_SHOWN ? shown + ", ... (" + all.size() + " in all)" : shown;
    }
}
