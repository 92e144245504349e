package org.nubis.api.experiment;

import java.time.Instant;
import java.util.List;
import org.nubis.api.machine.Machine;

/** An experiment with its instances: what {@code GET /experiments/{name}} answers. */
public record ExperimentDetails(String name, Instant createdAt, List<Machine> instances) {
    public ExperimentDetails {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }
}
