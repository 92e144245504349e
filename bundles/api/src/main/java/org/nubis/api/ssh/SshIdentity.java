package org.nubis.api.ssh;

import java.nio.file.Path;

/**
 * Nubis's own SSH key pair (ed25519), generated on first use under Nubis's data directory and
 * given to every instance it launches.
 */
public interface SshIdentity {

    /** The public key as one OpenSSH line ({@code ssh-ed25519 AAAA... nubis}). */
    String publicKey();

    /** The private key file (OpenSSH format, readable by its owner only), for external tools. */
    Path privateKeyFile();
}
