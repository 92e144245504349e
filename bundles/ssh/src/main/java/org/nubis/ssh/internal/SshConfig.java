package org.nubis.ssh.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of Nubis's SSH client ({@code etc/org.nubis.ssh.cfg}); every key has a default. */
@ObjectClassDefinition(id = SshConfig.PID, name = "Nubis SSH",
        description = "Nubis's SSH client: its key pair, pinned host keys and connection limits.")
public @interface SshConfig {

    String PID = "org.nubis.ssh";

    @AttributeDefinition(description = "Hosts being connected to or used at once, over all calls.")
    int maxConnections() default 64;

    @AttributeDefinition(description = "Limit for TCP connect, key exchange and authentication to one host.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(description = "A pooled session unused this long is closed.")
    int sessionIdleSeconds() default 300;

    @AttributeDefinition(description = "Directory of Nubis's key pair and pinned host keys; "
            + "empty means ${karaf.data}/nubis/ssh (or ~/.nubis/ssh outside Karaf).")
    String keyDir() default "";
}
