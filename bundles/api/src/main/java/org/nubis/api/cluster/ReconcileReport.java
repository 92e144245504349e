package org.nubis.api.cluster;

import java.util.List;

/**
 * What a reconcile found and did. Every entry is one line for people.
 *
 * @param adopted     cloud instances that were not on record and now are
 * @param orphans     cloud instances with this Nubis's tags that belong to nothing known
 * @param destroyed   orphans destroyed on request
 * @param gone        records whose instance the cloud no longer has
 * @param phases      interrupted phases finished or rolled back
 * @param unavailable clouds that could not be asked
 */
public record ReconcileReport(List<String> adopted, List<String> orphans, List<String> destroyed,
                              List<String> gone, List<String> phases, List<String> unavailable) {
    public ReconcileReport {
        adopted = List.copyOf(adopted);
        orphans = List.copyOf(orphans);
        destroyed = List.copyOf(destroyed);
        gone = List.copyOf(gone);
        phases = List.copyOf(phases);
        unavailable = List.copyOf(unavailable);
    }
}
