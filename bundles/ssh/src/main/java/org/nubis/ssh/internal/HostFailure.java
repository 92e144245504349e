package org.nubis.ssh.internal;

import java.io.IOException;

/** A host-level failure whose message is already the one line a user should read. */
final class HostFailure extends IOException {

    private static final long serialVersionUID = 1L;

    HostFailure(String message) {
        super(message);
    }

    HostFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
