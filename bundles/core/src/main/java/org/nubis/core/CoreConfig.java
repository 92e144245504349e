package org.nubis.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Nubis core", description = "Experiments and clouds")
public @interface CoreConfig {

    @AttributeDefinition(description = "The cloud used when a request names none")
    String defaultCloud() default "local";

    @AttributeDefinition(description = "Value of the nubis:owner tag on every cloud resource; empty means user@host")
    String owner() default "";

    @AttributeDefinition(description = "Default limit of a wait, in seconds")
    int waitTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Directory of cluster templates (NAME.yaml); empty means ${karaf.etc}/nubis/clusters")
    String clusterTemplateDir() default "";
}
