package org.nubis.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The REST API's limits: uploads and failed logins ({@code etc/org.nubis.rest.cfg}); a change applies at once. */
@ObjectClassDefinition(name = "Nubis REST API")
public @interface RestConfig {

    @AttributeDefinition(description = "Largest file upload (PUT /experiments/{name}/files) in megabytes; "
            + "a larger one is answered 413. The upload is kept on disk until every host has it.")
    long maxUploadMegabytes() default 256;

    @AttributeDefinition(description = "Failed logins (passwords and API key secrets) from one address within the window "
            + "before further tries from it are refused (429) for a while")
    int loginFailuresPerAddress() default 20;

    @AttributeDefinition(description = "Failed logins for one user within the window, from addresses the user has not "
            + "logged in from, before further tries for the user from such addresses are refused (429) for a while")
    int loginFailuresPerUser() default 10;

    @AttributeDefinition(description = "Seconds after the last failure at which the failures are forgotten")
    int loginWindowSeconds() default 900;

    @AttributeDefinition(description = "Longest refusal in seconds: it starts at 1 s and doubles with each failure beyond the limit")
    int loginMaxDelaySeconds() default 300;
}
