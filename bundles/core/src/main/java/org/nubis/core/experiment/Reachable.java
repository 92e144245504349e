package org.nubis.core.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** @param user login user for every target, or null (or blank) for each instance's own */
    static Reachable of(List<Machine> selected, String user) {
        List<SshTarget> targets = new ArrayList<>();
        Map<String, String> unreachable = new LinkedHashMap<>();
        for (Machine i : selected) {
            if (i.reachable()) {
                targets.add(target(i, user));
            } else {
                unreachable.put(i.id(), "instance is " + i.state().label()
                        + (i.stateReason() == null ? "" : " (" + i.stateReason() + ")"));
            }
        }
        return new Reachable(selected, targets, unreachable);
    }

    private static SshTarget target(Machine i, String user) {
        return new SshTarget(i.id(), i.publicHost(), i.sshPort(), user != null && !user.isBlank() ? user : i.sshUser());
    }

    /** The same selection, in the same order, with some of its machines as their clouds now report them. */
    Reachable with(List<Machine> refreshed, String user) {
        Map<String, Machine> byId = refreshed.stream().collect(Collectors.toMap(Machine::id, m -> m, (a, b) -> a));
        return of(selected.stream().map(m -> byId.getOrDefault(m.id(), m)).toList(), user);
    }

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
