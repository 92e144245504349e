package org.nubis.client;

import java.time.Instant;
import java.util.List;
import org.nubis.api.experiment.Instance;

/** An experiment with its instances ({@code GET /experiments/{name}}). */
public record ExperimentDetails(String name, Instant createdAt, List<Instance> instances) {
    public ExperimentDetails {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }
}
