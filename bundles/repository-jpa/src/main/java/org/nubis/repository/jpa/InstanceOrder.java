package org.nubis.repository.jpa;

import java.util.Comparator;
import org.nubis.api.experiment.Instance;

/** Orders demo-2 before demo-10: by experiment, then by the number at the end of the id (nodes use it too). */
final class InstanceOrder {

    static final Comparator<Instance> NATURAL = Comparator.comparing(Instance::experiment)
            .thenComparingLong(i -> trailingNumber(i.id()))
            .thenComparing(Instance::id);

    private InstanceOrder() {
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
