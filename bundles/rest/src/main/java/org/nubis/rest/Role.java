package org.nubis.rest;

import java.util.Collection;
import java.util.Locale;

/** What a user may do: a viewer reads, an operator also changes, an admin does everything. */
enum Role {
    VIEWER, OPERATOR, ADMIN;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The highest Nubis role among a user's JAAS roles, or null when there is none. */
    static Role highest(Collection<String> jaasRoles) {
        Role best = null;
        for (Role r : values()) {
            if (jaasRoles.contains(r.label())) {
                best = r;
            }
        }
        return best;
    }

    boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }
}
