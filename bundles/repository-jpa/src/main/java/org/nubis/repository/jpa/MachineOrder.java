package org.nubis.repository.jpa;

import java.util.Comparator;
import org.nubis.api.machine.Machine;

/** Orders demo-2 before demo-10: by the number at the end of the id; a cluster's nodes by kind first. */
final class MachineOrder {

    static final Comparator<Machine> INSTANCES = Comparator.comparingLong((Machine m) -> trailingNumber(m.id()))
            .thenComparing(Machine::id);

    static final Comparator<Machine> NODES = Comparator.comparing(Machine::kind, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(INSTANCES);

    private MachineOrder() {
    }

    static long trailingNumber(String id) {
        int i = id.length();
        while (i > 0 && Character.isDigit(id.charAt(i - 1))) {
            i--;
        }
        if (i == id.length() || id.length() - i > 18) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(id.substring(i));
    }
}
