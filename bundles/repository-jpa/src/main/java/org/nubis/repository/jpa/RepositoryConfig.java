package org.nubis.repository.jpa;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Nubis repository", description = "Where Nubis keeps experiments and instances")
public @interface RepositoryConfig {

    @AttributeDefinition(description = "JDBC URL; empty means an H2 file under ${karaf.data}/nubis/db")
    String url() default "";

    @AttributeDefinition(description = "Database user")
    String user() default "nubis";

    @AttributeDefinition(description = "Database password", type = AttributeType.PASSWORD)
    String password() default "";
}
