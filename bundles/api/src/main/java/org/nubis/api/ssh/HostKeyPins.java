package org.nubis.api.ssh;

import java.util.Optional;

/** The host keys Nubis trusted on first use, per target id. */
public interface HostKeyPins {

    /** The pinned key as an OpenSSH public key line, if the target was reached before. */
    Optional<String> pinned(String targetId);
}
