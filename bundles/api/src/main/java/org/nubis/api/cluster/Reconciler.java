package org.nubis.api.cluster;

/**
 * Compares Nubis's records with what each cloud reports by Nubis's tags: adopts what belongs to a
 * known cluster or experiment, reports (and on request destroys) orphans, and finishes or rolls
 * back phases that a crash interrupted. Runs at start-up and on demand.
 */
public interface Reconciler {

    ReconcileReport reconcile(boolean destroyOrphans);
}
