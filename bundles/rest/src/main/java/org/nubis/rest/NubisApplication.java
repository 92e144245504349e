package org.nubis.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.nubis.api.cloud.CloudRegistry;
import org.nubis.api.cluster.ClusterService;
import org.nubis.api.experiment.ExperimentService;

/** The resources, JSON, and the error contract of the API. */
final class NubisApplication extends ResourceConfig {

    NubisApplication(CloudRegistry clouds, ExperimentService experiments, ClusterService clusters) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new LabelsModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        register(new JacksonJsonProvider(json));
        register(new ErrorMapper());
        register(new Authentication("karaf"));
        register(new CloudsResource(clouds));
        register(new ExperimentsResource(experiments));
        register(new ClustersResource(clusters));
        // Jersey's own error pages would be HTML; every answer here is JSON.
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
