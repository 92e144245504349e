package org.nubis.core.fakes;

import java.nio.file.Path;
import org.nubis.api.ssh.SshIdentity;

/** Nubis's key pair, as a constant. */
public final class FakeIdentity implements SshIdentity {

    public static final String PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake nubis";

    @Override
    public String publicKey() {
        return PUBLIC_KEY;
    }

    @Override
    public Path privateKeyFile() {
        return Path.of("/nonexistent/nubis_ed25519");
    }
}
