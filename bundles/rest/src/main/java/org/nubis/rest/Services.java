package org.nubis.rest;

import org.nubis.api.auth.ApiKeys;
import org.nubis.api.cloud.CloudConfigurations;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.cluster.ClusterTemplates;
import org.nubis.api.experiment.ExperimentService;

/** The Nubis services the API serves. */
record Services(CloudRegistry clouds, CloudConfigurations cloudConfigurations, ExperimentService experiments,
                ClusterService clusters, ClusterTemplates templates, ApiKeys keys) {
}
