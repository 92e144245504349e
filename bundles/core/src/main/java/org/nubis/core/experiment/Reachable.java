package org.nubis.core.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.SshTarget;

/**
 * Selected instances split into SSH targets and the ones that cannot be reached (not running),
 * so that a fan-out reports a result for every selected instance, in selection order.
 */
record Reachable(List<Machine> selected, List<SshTarget> targets, Map<String, String> unreachable) {

    <R> List<R> merge(List<R> results, Function<R, String> idOf, BiFunction<String, String, R> notRun) {
        Map<String, R> byId = results.stream().collect(Collectors.toMap(idOf, r -> r, (a, b) -> a));
        List<R> merged = new ArrayList<>(selected.size());
        for (Machine i : selected) {
            R r = byId.get(i.id());
            merged.add(r != null ? r : notRun.apply(i.id(), unreachable.getOrDefault(i.id(), "not run")));
        }
        return merged;
    }
}
