package org.nubis.api.experiment;

import java.time.Instant;

/** A named set of instances addressed by tags. It lives until destroyed, across commands. */
public record Experiment(String name, Instant createdAt) {
}
