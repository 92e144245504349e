package org.nubis.api.cluster;

import java.time.Instant;

/**
 * A named, long-lived set of nodes of several kinds on one cloud.
 *
 * @param template     the template's name
 * @param spec         the cluster's own copy of the template, overrides applied; counts follow resizes
 * @param stateReason  why the cluster is in its state (a failure, an interruption), or null
 * @param setupMessage what the last setup said (failures per node), or null
 * @param phaseStarted when the current or last phase began
 * @param phaseEnded   when the last phase ended, or null while one runs
 */
public record Cluster(String name, String template, ClusterTemplate spec, ClusterState state, String stateReason,
                      SetupState setup, String setupMessage, Instant createdAt, Instant phaseStarted,
                      Instant phaseEnded) {

    public Cluster withState(ClusterState newState, String reason) {
        return new Cluster(name, template, spec, newState, reason, setup, setupMessage, createdAt, phaseStarted, phaseEnded);
    }

    public Cluster withSpec(ClusterTemplate newSpec) {
        return new Cluster(name, template, newSpec, state, stateReason, setup, setupMessage, createdAt, phaseStarted, phaseEnded);
    }

    public Cluster withSetup(SetupState newSetup, String message) {
        return new Cluster(name, template, spec, state, stateReason, newSetup, message, createdAt, phaseStarted, phaseEnded);
    }

    /** Enters a phase: the state, and the clock. */
    public Cluster beginPhase(ClusterState phase, Instant now) {
        return new Cluster(name, template, spec, phase, null, setup, setupMessage, createdAt, now, null);
    }

    /** Leaves the phase for a resting state. */
    public Cluster endPhase(ClusterState rest, String reason, Instant now) {
        return new Cluster(name, template, spec, rest, reason, setup, setupMessage, createdAt, phaseStarted, now);
    }
}
