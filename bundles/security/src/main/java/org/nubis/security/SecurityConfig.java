package org.nubis.security;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Nubis security", description = "Secrets, API keys and bearer tokens")
public @interface SecurityConfig {

    @AttributeDefinition(description = "Directory of this installation's secrets (owner-only); empty means ${karaf.etc}/nubis/secrets")
    String secretsDir() default "";

    @AttributeDefinition(description = "Lifetime of a bearer token, in seconds")
    long tokenTtlSeconds() default 900;

    @AttributeDefinition(description = "Name of the admin user created at first boot when etc/users.properties has no user")
    String firstBootAdmin() default "admin";
}
