package org.nubis.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The REST API's limits ({@code etc/org.nubis.rest.cfg}); a change applies at once. */
@ObjectClassDefinition(name = "Nubis REST API")
public @interface RestConfig {

    @AttributeDefinition(description = "Largest file upload (PUT /experiments/{name}/files) in megabytes; "
            + "a larger one is answered 413. The upload is kept on disk until every host has it.")
    long maxUploadMegabytes() default 256;
}
