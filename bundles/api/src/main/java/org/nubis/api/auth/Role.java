package org.nubis.api.auth;

import java.util.Collection;
import java.util.Locale;

/** What a user may do: a viewer reads, an operator also changes, an admin does everything. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The highest Nubis role among a user's JAAS roles, or null when there is none. */
    public static Role highest(Collection<String> jaasRoles) {
        Role best = null;
        for (Role r : values()) {
            if (jaasRoles.contains(r.label())) {
                best = r;
            }
        }
        return best;
    }

    /** The role named by its label exactly ({@code operator}: not {@code OPERATOR} nor {@code operator }). */
    public static Role of(String label) {
        for (Role r : values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new org.nubis.api.InvalidRequestException("unknown role '" + label + "': use viewer, operator or admin");
    }

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }
}
