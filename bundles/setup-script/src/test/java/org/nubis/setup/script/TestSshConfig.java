package org.nubis.setup.script;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import org.nubis.ssh.internal.SshConfig;

/** The SSH engine's configuration, as Configuration Admin would hand it over, with keys in a test directory. */
public final class TestSshConfig implements SshConfig {

    private final Path keyDir;

    public TestSshConfig(Path keyDir) {
        this.keyDir = keyDir;
    }

    @Override
    public int maxConnections() {
        return 16;
    }

    @Override
    public int connectTimeoutSeconds() {
        return 10;
    }

    @Override
    public int sessionIdleSeconds() {
        return 300;
    }

    @Override
    public String keyDir() {
        return keyDir.toString();
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return SshConfig.class;
    }
}
